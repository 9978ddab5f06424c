package dev.sessioncluster.web.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where sessions live.
 *
 * @param strategy {@code none}, {@code sticky}, {@code replicated}, {@code redis} (the
 * default) or {@code sentinel}
 */
@ConfigurationProperties("app.session")
public record SessionStrategyProperties(@DefaultValue("redis") SessionStrategy strategy) {

	static final String NAME = "app.session.strategy";

	static SessionStrategy bind(Binder binder) {
		return binder.bind(NAME, SessionStrategy.class).orElse(SessionStrategy.REDIS);
	}

}
