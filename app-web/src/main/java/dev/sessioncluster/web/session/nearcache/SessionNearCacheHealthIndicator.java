package dev.sessioncluster.web.session.nearcache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.sessioncluster.web.session.SessionStrategy;
import dev.sessioncluster.web.session.SessionStrategyProperties;

/**
 * Whether this replica serves sessions from its near cache, and if not, why; shown at
 * {@code /actuator/health/near-cache}. The cache is an optimisation: the replica is
 * healthy either way, so the status is always up and the details tell the state. It
 * exists whether or not the cache does, so that the answer is there in every deployment.
 */
@Component
final class SessionNearCacheHealthIndicator extends AbstractHealthIndicator {

	private final ObjectProvider<SessionNearCache> cache;

	private final SessionStrategy strategy;

	private final Environment environment;

	SessionNearCacheHealthIndicator(ObjectProvider<SessionNearCache> cache, SessionStrategyProperties sessions,
			Environment environment) {
		this.cache = cache;
		this.strategy = sessions.strategy();
		this.environment = environment;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SessionNearCache nearCache = this.cache.getIfAvailable();
		if (nearCache == null) {
			builder.up().withDetail("state", "off").withDetail("reason", whyAbsent());
			return;
		}
		String reason = nearCache.offReason();
		builder.up()
			.withDetail("state", (reason != null) ? "off" : "on")
			.withDetail("lease", nearCache.lease().toMillis() + "ms")
			.withDetail("entries", nearCache.size());
		if (reason != null) {
			builder.withDetail("reason", reason);
		}
	}

	private String whyAbsent() {
		if (!this.strategy.keptInRedis()) {
			return "sessions are not kept in Redis (app.session.strategy=" + this.strategy.key() + ")";
		}
		if (!this.environment.getProperty("app.session.near-cache.enabled", Boolean.class, true)) {
			return "turned off by app.session.near-cache.enabled=false";
		}
		return "it needs Lettuce and a single Redis server reached over TCP";
	}

}
