package dev.sessioncluster.web.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on a session's life beyond the idle timeout ({@code spring.session.timeout}).
 *
 * @param absoluteTimeout how long a session may live from sign-in, however active it is;
 * enforced on the server when the session is loaded
 * @param expiryRenewalThreshold the fraction of the idle timeout (0 to 1) that must pass
 * after the stored last access before a request renews the session's expiry in the store:
 * 0.5 (the default) renews at most twice per idle window, so that a request which changes
 * nothing costs a single read, and a session expires between half and all of the idle
 * timeout after its last request; 0 renews on every request (exact idle timeout, four
 * more commands per request)
 */
@ConfigurationProperties("app.session")
public record SessionPolicyProperties(@DefaultValue("12h") Duration absoluteTimeout,
		@DefaultValue("0.5") double expiryRenewalThreshold) {

	public SessionPolicyProperties {
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
			throw new IllegalArgumentException("app.session.absolute-timeout must be positive");
		}
		if (!(expiryRenewalThreshold >= 0 && expiryRenewalThreshold <= 1)) {
			throw new IllegalArgumentException("app.session.expiry-renewal-threshold must be between 0 and 1");
		}
	}

}
