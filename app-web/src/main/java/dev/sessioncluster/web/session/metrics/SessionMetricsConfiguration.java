package dev.sessioncluster.web.session.metrics;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sessioncluster.web.session.ConditionalOnSessionStrategy;
import dev.sessioncluster.web.session.SessionStrategy;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.session.data.redis.RedisSessionRepository;

import dev.sessioncluster.web.session.SessionRepositoryDecorator;

/**
 * The session store's metrics: sessions created (counted by a repository decorator),
 * ended (counted where they end, and as Redis expires them) and active.
 */
@Configuration(proxyBeanMethods = false)
class SessionMetricsConfiguration {

	@Bean
	SessionMetrics sessionMetrics(MeterRegistry registry) {
		return new SessionMetrics(registry);
	}

	@Bean
	SessionRepositoryDecorator sessionCounting(SessionMetrics metrics) {
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.METRICS,
				(store) -> SessionRepositoryDecorator.ofSessions(new CountingSessionRepository<>(store, metrics)));
	}

	/**
	 * What only Redis can tell: how many sessions it holds, and which ones it expired.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSessionStrategy({ SessionStrategy.REDIS, SessionStrategy.SENTINEL })
	static class StoreMetricsConfiguration {

		@Bean
		ActiveSessions activeSessions(StringRedisTemplate redis, Environment environment) {
			return new ActiveSessions(redis, sessionKeyPrefix(environment), Duration.ofSeconds(15), Clock.systemUTC());
		}

		@Bean
		RedisMessageListenerContainer expiredSessionListener(RedisConnectionFactory connectionFactory,
				SessionMetrics metrics, Environment environment) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connectionFactory);
			int database = (connectionFactory instanceof LettuceConnectionFactory lettuce) ? lettuce.getDatabase() : 0;
			container.addMessageListener(new ExpiredSessionListener(sessionKeyPrefix(environment), metrics),
					ExpiredSessionListener.expiredKeys(database));
			return container;
		}

		private static String sessionKeyPrefix(Environment environment) {
			return environment.getProperty("spring.session.data.redis.namespace",
					RedisSessionRepository.DEFAULT_KEY_NAMESPACE) + ":sessions:";
		}

	}

}
