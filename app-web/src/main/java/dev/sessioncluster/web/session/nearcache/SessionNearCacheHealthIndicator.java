package dev.sessioncluster.web.session.nearcache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether this replica serves sessions from its near cache, and if not, why. The cache is
 * an optimisation: the replica is healthy either way, so the status is always up and the
 * details tell the state.
 */
final class SessionNearCacheHealthIndicator extends AbstractHealthIndicator {

	private final ObjectProvider<SessionNearCache> cache;

	SessionNearCacheHealthIndicator(ObjectProvider<SessionNearCache> cache) {
		this.cache = cache;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SessionNearCache nearCache = this.cache.getIfAvailable();
		if (nearCache == null) {
			builder.up()
				.withDetail("state", "off")
				.withDetail("reason", "it needs Lettuce and a single Redis server reached over TCP");
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

}
