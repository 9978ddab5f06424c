/**
 * The session near cache: each replica keeps the session hashes it has read, kept
 * coherent by Redis's client tracking and made safe by a lease and a commit wait. It
 * plugs itself into the store; the store's configuration knows nothing of it.
 */
package dev.sessioncluster.web.session.nearcache;
