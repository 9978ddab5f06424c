package dev.sessioncluster.web.session.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The number of sessions in Redis, as the gauge {@code sessions_active}: the same
 * cluster-wide number on every replica. Redis keeps no count of the keys under a prefix,
 * so this one is counted with {@code SCAN} (a thousand keys per command, never blocking
 * Redis) when a scrape asks and the last count is older than {@code maxAge}. That costs
 * one pass over the whole key space per replica and period: nothing for thousands of
 * sessions, about a second of Redis time a minute per replica for a million. A count that
 * fails (Redis away) reads as NaN.
 */
final class ActiveSessions implements MeterBinder {

	private static final Log logger = LogFactory.getLog(ActiveSessions.class);

	private final StringRedisTemplate redis;

	private final String pattern;

	private final Duration maxAge;

	private final Clock clock;

	private double count = Double.NaN;

	private Instant countedAt = Instant.MIN;

	/**
	 * Counts the keys under a prefix.
	 * @param redis the connection to Redis
	 * @param sessionKeyPrefix such as {@code spring:session:sessions:}
	 * @param maxAge how long a count is reused
	 * @param clock the clock that ages it
	 */
	ActiveSessions(StringRedisTemplate redis, String sessionKeyPrefix, Duration maxAge, Clock clock) {
		this.redis = redis;
		this.pattern = sessionKeyPrefix + "*";
		this.maxAge = maxAge;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("sessions.active", this, ActiveSessions::count)
			.description("Sessions in the store, counted across the cluster")
			.register(registry);
	}

	/**
	 * The number of sessions, counted again if the last count is too old.
	 * @return the count, or NaN if Redis could not be asked
	 */
	synchronized double count() {
		Instant now = this.clock.instant();
		if (this.countedAt.plus(this.maxAge).isAfter(now)) {
			return this.count;
		}
		this.countedAt = now;
		try {
			long keys = 0;
			ScanOptions options = ScanOptions.scanOptions().match(this.pattern).count(1000).build();
			try (Cursor<String> cursor = this.redis.scan(options)) {
				while (cursor.hasNext()) {
					cursor.next();
					keys++;
				}
			}
			this.count = keys;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count the sessions in Redis", ex);
			this.count = Double.NaN;
		}
		return this.count;
	}

}
