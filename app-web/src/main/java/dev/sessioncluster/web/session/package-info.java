/**
 * HTTP sessions in Redis and the filter that exposes the signed-in user through
 * {@link dev.sessioncluster.user.CurrentUserHolder}.
 */
package dev.sessioncluster.web.session;
