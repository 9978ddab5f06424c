/**
 * Metrics of the session store, for operators: sessions created, ended (and why) and
 * active, published through Micrometer at {@code /actuator/prometheus}. The near cache
 * publishes its own beside the cache, the sign-ins theirs beside security.
 */
package dev.sessioncluster.web.session.metrics;
