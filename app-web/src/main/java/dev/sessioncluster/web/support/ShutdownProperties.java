package dev.sessioncluster.web.support;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a replica stops.
 *
 * @param drain how long a stopping replica keeps serving, closing each keep-alive
 * connection after its response, before the graceful shutdown stops taking requests
 * ({@link ShutdownDrain})
 */
@ConfigurationProperties("app.shutdown")
public record ShutdownProperties(@DefaultValue("1s") Duration drain) {

	public ShutdownProperties {
		if (drain.isNegative() || drain.compareTo(Duration.ofSeconds(30)) > 0) {
			throw new IllegalArgumentException("app.shutdown.drain must be between 0 and 30s");
		}
	}

}
