package dev.sessioncluster.web.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on a session's life beyond the idle timeout ({@code spring.session.timeout}).
 *
 * @param absoluteTimeout how long a session may live from sign-in, however active it is;
 * enforced on the server when the session is loaded
 */
@ConfigurationProperties("app.session")
public record SessionPolicyProperties(@DefaultValue("12h") Duration absoluteTimeout) {

	public SessionPolicyProperties {
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
			throw new IllegalArgumentException("app.session.absolute-timeout must be positive");
		}
	}

}
