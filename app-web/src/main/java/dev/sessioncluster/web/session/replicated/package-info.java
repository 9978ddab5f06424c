/**
 * {@code app.session.strategy=replicated}: every replica holds every session. An embedded
 * Hazelcast member in each replica keeps the sessions in a map with as many synchronous
 * backups as there are other replicas, and reads its own copy; the session filter, the id
 * resolution and the decorators are the same as for Redis.
 */
package dev.sessioncluster.web.session.replicated;
