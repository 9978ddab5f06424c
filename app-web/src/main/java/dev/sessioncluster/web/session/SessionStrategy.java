package dev.sessioncluster.web.session;

import java.util.Locale;

/**
 * Where sessions live when several replicas serve one site: the answers the article this
 * application grew from weighs, chosen with {@code app.session.strategy} (default
 * {@code redis}). The local cluster and the compose files pair each with its load
 * balancing ({@code CLUSTER_STRATEGY}, {@code deploy/strategies/}); docs/strategies.md
 * compares them.
 */
public enum SessionStrategy {

	/**
	 * Each replica keeps its own sessions in memory, and requests go round-robin: a
	 * visitor is signed out as soon as a request lands on another replica.
	 */
	NONE,

	/**
	 * Each replica keeps its own sessions in memory, and the balancer sends a session's
	 * requests to the replica that created it (the route at the end of the session id):
	 * when that replica dies, its visitors are signed out.
	 */
	STICKY,

	/**
	 * Every replica holds every session: Hazelcast, embedded in each replica, copies each
	 * write to all the others before the request completes.
	 */
	REPLICATED,

	/**
	 * One central store, Redis, shared by every replica.
	 */
	REDIS,

	/**
	 * The central store made highly available: a Redis primary and replica watched by
	 * Redis Sentinel, which promotes the replica when the primary fails.
	 */
	SENTINEL;

	/**
	 * Whether sessions are kept in Redis.
	 * @return {@code true} for {@link #REDIS} and {@link #SENTINEL}
	 */
	public boolean keptInRedis() {
		return this == REDIS || this == SENTINEL;
	}

	/**
	 * Whether each replica keeps only its own sessions, in its own memory.
	 * @return {@code true} for {@link #NONE} and {@link #STICKY}
	 */
	public boolean keptByEachReplica() {
		return this == NONE || this == STICKY;
	}

	/**
	 * The name used in settings, messages and the footer.
	 * @return the lower-case name
	 */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
