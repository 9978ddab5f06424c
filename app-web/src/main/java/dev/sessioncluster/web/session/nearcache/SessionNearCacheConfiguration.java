package dev.sessioncluster.web.session.nearcache;

import io.lettuce.core.RedisURI;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.data.redis.RedisSessionRepository;

import dev.sessioncluster.web.session.ConditionalOnSessionStrategy;
import dev.sessioncluster.web.session.SessionStrategy;
import dev.sessioncluster.web.session.SessionWriteBarrier;

/**
 * The {@link SessionNearCache}, for sessions in Redis reached through Lettuce without
 * Redis Cluster or Sentinel. {@code app.session.near-cache.enabled=false} turns it off;
 * so does another client library or topology, with a log line. It plugs itself into the
 * session store in two places: the Redis repository's template reads sessions through the
 * cache, and every write to the store waits for the commit wait.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSessionStrategy({ SessionStrategy.REDIS, SessionStrategy.SENTINEL })
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
				namespace + ":near-cache-epoch", properties.lease(), properties.maxEntries(), properties.idleAfter(),
				() -> serverId(connectionFactory), SessionNearCache.LeaseClock.SYSTEM);
	}

	/**
	 * Spring Session's Redis repository loads a session with {@code HGETALL} through its
	 * template: give the template a connection factory that answers it from the cache.
	 * @param cache the near cache, absent where it cannot work
	 * @return the customizer
	 */
	@Bean
	SessionRepositoryCustomizer<RedisSessionRepository> nearCachedSessionReads(ObjectProvider<SessionNearCache> cache) {
		return (repository) -> cache.ifAvailable((nearCache) -> {
			RedisTemplate<?, ?> template = (RedisTemplate<?, ?>) repository.getSessionRedisOperations();
			template.setConnectionFactory(
					new NearCachingConnectionFactory(template.getRequiredConnectionFactory(), nearCache));
		});
	}

	/**
	 * Every write that reaches the store waits for the cache's commit wait before the
	 * response goes out.
	 * @param cache the near cache, absent where it cannot work
	 * @return the write barrier
	 */
	@Bean
	SessionWriteBarrier nearCacheCommitWait(ObjectProvider<SessionNearCache> cache) {
		return () -> cache.ifAvailable(SessionNearCache::awaitCommit);
	}

	/**
	 * Publishes the cache's hits, misses, entries and commit waits.
	 * @param cache the near cache, absent where it cannot work
	 * @return the meters, or {@code null} without a cache
	 */
	@Bean
	SessionNearCacheMetrics sessionNearCacheMetrics(ObjectProvider<SessionNearCache> cache) {
		SessionNearCache nearCache = cache.getIfAvailable();
		return (nearCache != null) ? new SessionNearCacheMetrics(nearCache) : null;
	}

	/**
	 * The {@code run_id} of the server the application's own connections reach.
	 */
	private static String serverId(RedisConnectionFactory connectionFactory) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			return connection.serverCommands().info("server").getProperty("run_id");
		}
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
