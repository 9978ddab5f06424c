package dev.sessioncluster.web.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a visitor who has not signed in may cost the session store.
 *
 * @param perAddressPerMinute how many sessions one client address may create per minute
 * (counted in Redis, so across replicas); further requests that would create one are
 * answered {@code 429}
 * @param idleTimeout the idle timeout of a session until someone signs in on it; sign-in
 * gives it the normal one ({@code spring.session.timeout})
 */
@ConfigurationProperties("app.anonymous-sessions")
public record AnonymousSessionProperties(@DefaultValue("120") int perAddressPerMinute,
		@DefaultValue("10m") Duration idleTimeout) {

	public AnonymousSessionProperties {
		if (perAddressPerMinute < 1) {
			throw new IllegalArgumentException("app.anonymous-sessions.per-address-per-minute must be at least 1");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("app.anonymous-sessions.idle-timeout must be positive");
		}
	}

}
