package dev.sessioncluster.web.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on a session's life beyond the idle timeout ({@code spring.session.timeout}).
 *
 * @param absoluteTimeout how long a session may live from sign-in, however active it is;
 * enforced on the server when the session is loaded
 * @param store where sessions live: {@code redis} (the product), or {@code memory} (one
 * JVM only; for the benchmark that measures what Redis costs)
 */
@ConfigurationProperties("app.session")
public record SessionPolicyProperties(@DefaultValue("12h") Duration absoluteTimeout,
		@DefaultValue("redis") String store) {

	public SessionPolicyProperties {
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
			throw new IllegalArgumentException("app.session.absolute-timeout must be positive");
		}
		if (!store.equals("redis") && !store.equals("memory")) {
			throw new IllegalArgumentException("app.session.store must be 'redis' or 'memory'");
		}
	}

}
