package dev.sessioncluster.web.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;

import dev.sessioncluster.web.session.metrics.SessionMetrics;

/**
 * Counts sign-ins by outcome, from the events Spring Security publishes, and the sign-out
 * that ends a session. A sign-in the limit refuses never reaches the password check, so
 * {@link LoginThrottleFilter} reports it.
 *
 * <pre>
 * sign_ins_total{replica="app1",outcome="success"|"failure"|"throttled"}
 * </pre>
 */
final class SignInMetrics {

	private final Counter succeeded;

	private final Counter failed;

	private final Counter throttled;

	private final SessionMetrics sessions;

	SignInMetrics(MeterRegistry registry, SessionMetrics sessions) {
		this.succeeded = counter(registry, "success");
		this.failed = counter(registry, "failure");
		this.throttled = counter(registry, "throttled");
		this.sessions = sessions;
	}

	private static Counter counter(MeterRegistry registry, String outcome) {
		return Counter.builder("sign.ins")
			.description("Sign-in attempts, by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		this.succeeded.increment();
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		this.failed.increment();
	}

	@EventListener
	void signedOut(LogoutSuccessEvent event) {
		this.sessions.ended(SessionMetrics.End.SIGN_OUT);
	}

	/** Counts an attempt refused by the sign-in limit. */
	void throttled() {
		this.throttled.increment();
	}

}
