package dev.sessioncluster.web.session.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts sessions as they begin and end. A replica counts what its own requests do, so
 * the cluster's total is the sum over the replicas: the sessions they create, sign out
 * and revoke, and the ones they find past their absolute lifetime. An idle session
 * expires inside Redis, which tells every replica alike (see
 * {@link ExpiredSessionListener}): that count has a series of its own, the same on every
 * replica, read with {@code max}, not summed.
 *
 * <pre>
 * sessions_started_total{replica="app1"}
 * sessions_ended_total{replica="app1",reason="sign-out"|"revoked"|"absolute-timeout"}
 * sessions_expired_total{replica="app1"}
 * </pre>
 */
public final class SessionMetrics {

	/** Why a session ended. */
	public enum End {

		/** Its user signed out. */
		SIGN_OUT("sign-out"),

		/** Ended from another session: "Your sessions", or a password change. */
		REVOKED("revoked"),

		/** Found past its absolute lifetime, however active, and deleted. */
		ABSOLUTE_TIMEOUT("absolute-timeout");

		private final String tag;

		End(String tag) {
			this.tag = tag;
		}

	}

	private final Counter created;

	private final Map<End, Counter> ended = new EnumMap<>(End.class);

	private final Counter expired;

	/**
	 * Registers the counters.
	 * @param registry where they are published
	 */
	public SessionMetrics(MeterRegistry registry) {
		this.created = Counter.builder("sessions.started")
			.description("Sessions this replica created")
			.register(registry);
		for (End end : End.values()) {
			this.ended.put(end,
					Counter.builder("sessions.ended")
						.description("Sessions that ended, by reason")
						.tag("reason", end.tag)
						.register(registry));
		}
		this.expired = Counter.builder("sessions.expired")
			.description("Sessions Redis expired when idle, as announced to every replica")
			.register(registry);
	}

	/** Counts a session this replica created. */
	public void created() {
		this.created.increment();
	}

	/**
	 * Counts a session that ended.
	 * @param reason why
	 */
	public void ended(End reason) {
		this.ended.get(reason).increment();
	}

	/** Counts a session that Redis expired. */
	void expired() {
		this.expired.increment();
	}

}
