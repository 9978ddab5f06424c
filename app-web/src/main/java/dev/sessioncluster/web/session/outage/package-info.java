/**
 * When Redis is away: commands fail fast instead of queueing, a page that needs a session
 * answers a friendly 503, public pages keep working, and the client reconnects by itself.
 */
package dev.sessioncluster.web.session.outage;
