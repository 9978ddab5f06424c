package dev.sessioncluster.web.inspector;

/**
 * What the near cache could do as a session load began: it decides how the inspector
 * reads a load that sent a command to Redis.
 */
enum NearCacheState {

	/** No near cache on this replica. */
	ABSENT,

	/**
	 * Turned itself off (see {@code SessionNearCache.offReason()}): it caches nothing.
	 */
	OFF,

	/** On, but its lease had run out: it serves nothing until renewed. */
	LEASE_LAPSED,

	/** On, with a current lease: a session it holds is served from memory. */
	SERVING

}
