package dev.sessioncluster.web.session.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts sessions as they begin and end. A replica counts what its own requests do: the
 * sessions they create, sign out and revoke, and the ones they find past their absolute
 * lifetime. An idle session expires inside Redis, which tells every replica: each counts
 * every such expiry (see {@link ExpiredSessionListener}), so the cluster's expiries are
 * the largest count of any replica, not the sum.
 *
 * <pre>
 * sessions_started_total{replica="app1"}
 * sessions_ended_total{replica="app1",reason="sign-out"|"revoked"|"expired"}
 * </pre>
 */
public final class SessionMetrics {

	/** Why a session ended. */
	public enum End {

		/** Its user signed out. */
		SIGN_OUT("sign-out"),

		/** Ended from another session: "Your sessions", or a password change. */
		REVOKED("revoked"),

		/** Idle past its timeout, or past its absolute lifetime. */
		EXPIRED("expired");

		private final String tag;

		End(String tag) {
			this.tag = tag;
		}

	}

	private final Counter created;

	private final Map<End, Counter> ended = new EnumMap<>(End.class);

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

}
