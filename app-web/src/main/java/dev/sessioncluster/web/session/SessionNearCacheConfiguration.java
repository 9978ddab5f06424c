package dev.sessioncluster.web.session;

import io.lettuce.core.RedisURI;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The {@link SessionNearCache}, for sessions in Redis reached through Lettuce without
 * Redis Cluster (a standalone server, or Sentinel).
 * {@code app.session.near-cache.enabled=false} turns it off; so does another client
 * library or Redis Cluster, with a log line.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.session.store", havingValue = "redis", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "app.session.near-cache.enabled", matchIfMissing = true)
class SessionNearCacheConfiguration {

	private static final Log logger = LogFactory.getLog(SessionNearCacheConfiguration.class);

	@Bean(destroyMethod = "close")
	SessionNearCache sessionNearCache(RedisConnectionFactory connectionFactory, SessionNearCacheProperties properties,
			Environment environment) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce) || lettuce.isRedisSentinelAware()
				|| lettuce.isClusterAware() || lettuce.getSocketConfiguration() != null) {
			logger.info("Session near cache off: it needs Lettuce and a single Redis server reached over TCP");
			return null;
		}
		String namespace = environment.getProperty("spring.session.data.redis.namespace", "spring:session");
		return new SessionNearCache(redisUri(lettuce), lettuce.getClientResources(), namespace + ":sessions:",
				namespace + ":near-cache-epoch", properties.lease(), properties.maxEntries());
	}

	/**
	 * The server, database, credentials and TLS setting the application's own connections
	 * use.
	 */
	private static RedisURI redisUri(LettuceConnectionFactory lettuce) {
		RedisStandaloneConfiguration server = lettuce.getStandaloneConfiguration();
		LettuceClientConfiguration client = lettuce.getClientConfiguration();
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(server.getHostName())
			.withPort(server.getPort())
			.withDatabase(server.getDatabase())
			.withSsl(client.isUseSsl())
			.withVerifyPeer(client.getVerifyMode())
			.withStartTls(client.isStartTls())
			.withTimeout(client.getCommandTimeout());
		server.getPassword().toOptional().ifPresent((password) -> {
			if (server.getUsername() != null) {
				uri.withAuthentication(server.getUsername(), password);
			}
			else {
				uri.withPassword(password);
			}
		});
		return uri.build();
	}

}
