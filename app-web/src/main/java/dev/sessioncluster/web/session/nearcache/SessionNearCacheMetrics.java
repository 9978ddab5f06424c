package dev.sessioncluster.web.session.nearcache;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.sessioncluster.web.session.nearcache.SessionNearCache.Lookup;

/**
 * The near cache's counts, read from the cache when a scrape asks, so that a request pays
 * for no meter:
 *
 * <pre>
 * session_near_cache_lookups_total{result="hit"|"miss"|"lease-lapsed"|"off"}
 * session_near_cache_entries
 * session_near_cache_commit_wait_seconds_count / _sum
 * </pre>
 */
final class SessionNearCacheMetrics implements MeterBinder {

	private final SessionNearCache cache;

	SessionNearCacheMetrics(SessionNearCache cache) {
		this.cache = cache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		SessionNearCache.LookupCounts lookups = this.cache.lookups();
		for (Lookup lookup : Lookup.values()) {
			FunctionCounter.builder("session.near.cache.lookups", lookups, (counts) -> counts.count(lookup))
				.description("Session loads, by how the near cache answered them")
				.tag("result", lookup.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(registry);
		}
		Gauge.builder("session.near.cache.entries", this.cache, SessionNearCache::size)
			.description("Sessions held in the near cache")
			.register(registry);
		FunctionTimer
			.builder("session.near.cache.commit.wait", this.cache.commitWaits(), SessionNearCache.CommitWaits::count,
					SessionNearCache.CommitWaits::totalNanos, TimeUnit.NANOSECONDS)
			.description("Time a request that wrote its session waited before answering")
			.register(registry);
	}

}
