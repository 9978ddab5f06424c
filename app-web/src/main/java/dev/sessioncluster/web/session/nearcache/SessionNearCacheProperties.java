package dev.sessioncluster.web.session.nearcache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-replica near cache of sessions read from Redis ({@link SessionNearCache}).
 *
 * @param enabled whether a replica keeps the sessions it reads in memory between
 * requests; without it every signed-in request reads its session from Redis
 * @param lease how long a replica may serve cached sessions after Redis last confirmed
 * that the replica has heard of every change so far; every write to a session waits this
 * long (a little more) before its response is sent. It must be the same on every replica.
 * @param maxEntries how many sessions a replica keeps; when full the cache starts over
 * @param idleAfter how long after its last session lookup a replica keeps renewing its
 * lease (one {@code GET} every quarter lease); after that its lease lapses and the next
 * lookup reads from Redis
 */
@ConfigurationProperties("app.session.near-cache")
public record SessionNearCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("40ms") Duration lease,
		@DefaultValue("10000") int maxEntries, @DefaultValue("1s") Duration idleAfter) {

	public SessionNearCacheProperties {
		if (lease.compareTo(Duration.ofMillis(4)) < 0 || lease.compareTo(Duration.ofSeconds(10)) > 0) {
			throw new IllegalArgumentException("app.session.near-cache.lease must be between 4ms and 10s");
		}
		// The cache notes a lookup at most every 100 ms: a shorter idle time would let a
		// busy replica's lease lapse.
		if (idleAfter.compareTo(Duration.ofMillis(500)) < 0 || idleAfter.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("app.session.near-cache.idle-after must be between 500ms and 1h");
		}
		if (maxEntries < 1) {
			throw new IllegalArgumentException("app.session.near-cache.max-entries must be positive");
		}
	}

}
