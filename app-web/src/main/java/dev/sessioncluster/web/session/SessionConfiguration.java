package dev.sessioncluster.web.session;

import java.time.Clock;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.data.redis.RedisSessionRepository;

import dev.sessioncluster.web.session.metrics.SessionMetrics;
import dev.sessioncluster.web.support.FilterOrder;
import dev.sessioncluster.web.support.ReplicaProperties;

/**
 * The session store. Spring Boot's {@code spring-boot-starter-session-data-redis}
 * configures the Redis repository and the {@code SESSION} cookie from properties; this
 * class adds what properties cannot say: the id generator and the repository's
 * decorators. The JSON codec, the outage handling and the near cache configure themselves
 * in the packages below this one.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/**
	 * Session ids with 192 random bits, followed by this replica's name under sticky load
	 * balancing; Spring Session's repositories pick it up.
	 * @param sessions where sessions live
	 * @param replica this replica's name
	 * @return the generator
	 */
	@Bean
	SessionIdGenerator sessionIdGenerator(SessionStrategyProperties sessions, ReplicaProperties replica) {
		SessionIdGenerator random = new SecureSessionIdGenerator();
		return (sessions.strategy() == SessionStrategy.STICKY)
				? new RoutedSessionIdGenerator(random, replica.replicaId()) : random;
	}

	/**
	 * Under sticky load balancing the cookie carries the session id as it is, instead of
	 * Spring Session's Base64 of it, so that nginx can read the route at its end. The id
	 * is URL-safe, so the cookie needs no encoding.
	 * @return the customizer
	 */
	@Bean
	@ConditionalOnSessionStrategy(SessionStrategy.STICKY)
	DefaultCookieSerializerCustomizer routeReadableSessionCookie() {
		return (serializer) -> serializer.setUseBase64Encoding(false);
	}

	/**
	 * Applies the {@link SessionRepositoryDecorator} beans to the session repository.
	 * @param decorators the decorators, resolved when the repository is created
	 * @return the post-processor
	 */
	@Bean
	static SessionRepositoryDecoration sessionRepositoryDecoration(
			ObjectProvider<SessionRepositoryDecorator> decorators) {
		return new SessionRepositoryDecoration(decorators);
	}

	/**
	 * Treats a stored session that cannot be read as no session, and deletes it.
	 * @return the decorator
	 */
	@Bean
	SessionRepositoryDecorator unreadableSessions() {
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.UNREADABLE, UnreadableSessionRepository::new);
	}

	/**
	 * Saves only what changed, never brings a deleted session back, and reads each
	 * session once per request; after every write, the {@link SessionWriteBarrier}s run.
	 * @param policy when the idle expiry is renewed
	 * @param writer writes the changes of a session Redis holds, only if it still does;
	 * absent for the in-memory store
	 * @param barriers what must run after every write
	 * @return the decorator
	 */
	@Bean
	SessionRepositoryDecorator changeTracking(SessionPolicyProperties policy,
			ObjectProvider<ConditionalRedisSessionWriter> writer, ObjectProvider<SessionWriteBarrier> barriers) {
		Runnable afterWrite = () -> barriers.orderedStream().forEach(SessionWriteBarrier::afterWrite);
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.CHANGE_TRACKING,
				(store) -> SessionRepositoryDecorator.ofSessions(new ChangeTrackingSessionRepository<>(store,
						policy.expiryRenewalThreshold(), afterWrite, writer.getIfAvailable())));
	}

	/**
	 * Writes changes to a session Redis holds with one script that writes only if the
	 * session still exists, so that a sign-out, a revocation or an expiry always wins
	 * over a concurrent request's save. It encodes values as Spring Session's own
	 * template does.
	 * @param connectionFactory the connection to Redis
	 * @param values the session attribute serializer
	 * @param environment where the key namespace is configured
	 * @return the writer
	 */
	@Bean
	@ConditionalOnSessionStrategy({ SessionStrategy.REDIS, SessionStrategy.SENTINEL })
	ConditionalRedisSessionWriter conditionalRedisSessionWriter(RedisConnectionFactory connectionFactory,
			@Qualifier("springSessionDefaultRedisSerializer") RedisSerializer<Object> values, Environment environment) {
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		template.setHashValueSerializer(values);
		template.afterPropertiesSet();
		return new ConditionalRedisSessionWriter(template, environment
			.getProperty("spring.session.data.redis.namespace", RedisSessionRepository.DEFAULT_KEY_NAMESPACE));
	}

	/**
	 * Refuses, and deletes, a session that has outlived its absolute timeout.
	 * @param policy the absolute timeout
	 * @param metrics where such a session is counted as ended
	 * @return the decorator
	 */
	@Bean
	SessionRepositoryDecorator absoluteTimeout(SessionPolicyProperties policy, SessionMetrics metrics) {
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.ABSOLUTE_TIMEOUT,
				(store) -> new AbsoluteTimeoutSessionRepository<>(store, policy.absoluteTimeout(), Clock.systemUTC(),
						() -> metrics.ended(SessionMetrics.End.ABSOLUTE_TIMEOUT)));
	}

	/**
	 * Opens the request scope in which {@link ChangeTrackingSessionRepository} reads a
	 * session at most once, for requests and error pages.
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<SessionRequestScopeFilter> sessionRequestScopeFilter() {
		FilterRegistrationBean<SessionRequestScopeFilter> registration = new FilterRegistrationBean<>(
				new SessionRequestScopeFilter());
		registration.setOrder(FilterOrder.SESSION_REQUEST_SCOPE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

}
