/**
 * The session codec: attribute values as JSON in the session's Redis hash, with the
 * security context and the CSRF token in compact forms, and immutable values decoded once
 * per distinct value.
 */
package dev.sessioncluster.web.session.codec;
