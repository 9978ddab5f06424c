package dev.sessioncluster.web.urlsession;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cookie fallback: carrying the session id in URLs for browsers that refuse cookies.
 *
 * @param enabled whether URLs carry the session id when the browser sends no session
 * cookie (off by default; on in the {@code demo} profile)
 * @param idleTimeout the idle timeout of a session while it is used through URLs, shorter
 * than the normal one because an id in an address leaks more easily
 */
@ConfigurationProperties("app.url-session")
public record UrlSessionProperties(@DefaultValue("false") boolean enabled, @DefaultValue("10m") Duration idleTimeout) {

	public UrlSessionProperties {
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("app.url-session.idle-timeout must be positive");
		}
	}

}
