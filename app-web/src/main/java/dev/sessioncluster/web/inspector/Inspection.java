package dev.sessioncluster.web.inspector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the inspector shows about one request and its session.
 *
 * @param servedBy the replica that served the request
 * @param thread the name of the request's thread
 * @param user the username the thread-bound holder held, or {@code null} if anonymous
 * @param transport how the request named its session: {@code cookie}, {@code url} or
 * {@code none}
 * @param store where sessions live: the {@code app.session.strategy}, such as
 * {@code redis}
 * @param nearCache whether this replica has a near cache in front of Redis
 * @param session the session, or {@code null} if the request has none
 * @param load how this request loaded its session
 */
record Inspection(String servedBy, String thread, String user, String transport, String store, boolean nearCache,
		StoredSession session, Load load) {

	/**
	 * The session and, for Redis, the hash that holds it.
	 *
	 * @param maskedId the first characters of the id, the rest hidden
	 * @param key the Redis key, its id masked the same way
	 * @param createdOn the replica that created it, if recorded
	 * @param signedInOn the replica where its user signed in, if signed in
	 * @param created when it was created
	 * @param lastAccessed when it was last used, as stored
	 * @param idleTimeout how long it lives unused
	 * @param ttlMillis the key's time to live in Redis, or {@code null} outside Redis
	 * @param bytes what Redis reports for the key ({@code MEMORY USAGE ... SAMPLES 0}),
	 * or {@code null} outside Redis
	 * @param encoding Redis's encoding of the hash ({@code listpack} while small), or
	 * {@code null} outside Redis
	 * @param fields the stored fields with their sizes; values are never shown
	 */
	record StoredSession(String maskedId, String key, String createdOn, String signedInOn, Instant created,
			Instant lastAccessed, Duration idleTimeout, Long ttlMillis, Long bytes, String encoding,
			List<Field> fields) {
	}

	/**
	 * One field of the stored hash.
	 *
	 * @param name the attribute name, or the name of the metadata field
	 * @param attribute whether it is an attribute the application set
	 * @param bytes the length of its stored value
	 */
	record Field(String name, boolean attribute, long bytes) {
	}

	/**
	 * How the request loaded its session.
	 *
	 * @param result {@code hit} (from the near cache), {@code miss} (from Redis, not
	 * cached yet), {@code lease-lapsed} (from Redis: the lease had run out), {@code off}
	 * (from Redis: the near cache turned itself off), {@code no-cache} (from the store,
	 * no near cache), or {@code none} (no session loaded)
	 * @param micros how long the load took
	 * @param loadCommands the Redis commands the load sent
	 * @param requestCommands the Redis commands the request sent before the page was
	 * drawn
	 */
	record Load(String result, long micros, int loadCommands, int requestCommands) {
	}

}
