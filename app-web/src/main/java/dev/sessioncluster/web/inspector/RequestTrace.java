package dev.sessioncluster.web.inspector;

import java.util.Optional;

/**
 * What one request has cost so far: the Redis commands its thread sent, and how its
 * session was loaded. Bound to the request's thread by {@link RequestTraceFilter}, for
 * the request's length, the same way the current user is.
 */
final class RequestTrace {

	private static final ThreadLocal<RequestTrace> CURRENT = new ThreadLocal<>();

	private int redisCommands;

	private boolean sessionLoaded;

	private long sessionLoadNanos;

	private int sessionLoadCommands;

	private NearCacheState nearCache = NearCacheState.ABSENT;

	static RequestTrace begin() {
		RequestTrace trace = new RequestTrace();
		CURRENT.set(trace);
		return trace;
	}

	static void end() {
		CURRENT.remove();
	}

	static Optional<RequestTrace> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	void commandSent() {
		this.redisCommands++;
	}

	int redisCommands() {
		return this.redisCommands;
	}

	/**
	 * Records the request's first session load; later ones are answered within the
	 * request and cost nothing.
	 * @param nanos how long it took
	 * @param commands how many Redis commands it sent
	 * @param nearCache what the near cache could do as the load began
	 */
	void sessionLoaded(long nanos, int commands, NearCacheState nearCache) {
		if (!this.sessionLoaded) {
			this.sessionLoaded = true;
			this.sessionLoadNanos = nanos;
			this.sessionLoadCommands = commands;
			this.nearCache = nearCache;
		}
	}

	NearCacheState nearCache() {
		return this.nearCache;
	}

	boolean sessionLoaded() {
		return this.sessionLoaded;
	}

	long sessionLoadNanos() {
		return this.sessionLoadNanos;
	}

	int sessionLoadCommands() {
		return this.sessionLoadCommands;
	}

}
