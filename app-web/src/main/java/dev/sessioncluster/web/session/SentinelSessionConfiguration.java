package dev.sessioncluster.web.session;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Under {@code app.session.strategy=sentinel}, refuses to start unless the Redis client
 * finds the primary through the Sentinels. Without {@code spring.data.redis.sentinel.*},
 * Spring Boot connects to {@code spring.data.redis.host} alone: the application would
 * run, say "highly available" in its footer, and answer 503 on every signed-in page until
 * that one server came back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSessionStrategy(SessionStrategy.SENTINEL)
class SentinelSessionConfiguration {

	SentinelSessionConfiguration(RedisConnectionFactory connectionFactory) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce) || !lettuce.isRedisSentinelAware()) {
			throw new InvalidConfigurationPropertyValueException(SessionStrategyProperties.NAME, "sentinel",
					"Sessions kept through Redis Sentinel need the Sentinels' addresses and the primary's name: "
							+ "set spring.data.redis.sentinel.nodes (host:port,host:port,...) and "
							+ "spring.data.redis.sentinel.master");
		}
	}

}
