package dev.sessioncluster.web.session;

import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.FlashMap;

import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.user.CurrentUser;

/**
 * Sessions live in Redis (Spring Boot's {@code spring-boot-starter-session-data-redis}
 * configures the repository and the {@code SESSION} cookie from properties); this class
 * only adds what properties cannot say.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/**
	 * How many decoded attribute values the serializer remembers: a signed-in session has
	 * four or five values of its own (timestamps, CSRF token, sign-in), so about as many
	 * sessions as the near cache keeps by default; some 10 MB when full.
	 */
	private static final int DECODED_VALUES = 50_000;

	/**
	 * Session attributes are stored as JSON instead of JDK serialization: readable with
	 * {@code redis-cli}, no Java deserialization of bytes that come from the network, and
	 * no {@code serialVersionUID} coupling between replicas running different builds.
	 * Spring Security's Jackson modules know its own types (security context, CSRF token,
	 * saved request) and refuse to instantiate any class that is not on their allow-list;
	 * the application's own session types are added to that list explicitly. The security
	 * context and the CSRF token are stored in compact forms, and immutable values are
	 * decoded once per distinct value rather than once per request
	 * ({@link SessionAttributeSerializer}).
	 * @return the serializer Spring Session uses for attribute values
	 */
	@Bean
	RedisSerializer<Object> springSessionDefaultRedisSerializer() {
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(CurrentUser.class)
			.allowIfSubType(StoredSignIn.class)
			.allowIfSubType(StoredCsrfToken.class)
			// Flash attributes (the confirmation shown after a redirect) travel in the
			// session.
			.allowIfSubType(FlashMap.class)
			.allowIfSubType(CopyOnWriteArrayList.class);
		JsonMapper mapper = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(getClass().getClassLoader(), allowed))
			.addMixIn(CurrentUser.class, TypedSessionValue.class)
			.addMixIn(StoredSignIn.class, TypedSessionValue.class)
			.addMixIn(StoredCsrfToken.class, TypedSessionValue.class)
			.build();
		return new SessionAttributeSerializer(new GenericJacksonJsonRedisSerializer(mapper), DECODED_VALUES);
	}

	/**
	 * Session ids with 192 random bits; Spring Session's Redis configuration picks it up.
	 * @return the generator
	 */
	@Bean
	SessionIdGenerator sessionIdGenerator() {
		return new SecureSessionIdGenerator();
	}

	/**
	 * Decorates the session repository, Redis as Spring Boot configures it or the
	 * in-memory one of the benchmark: {@link ChangeTrackingSessionRepository} writes only
	 * what changed and reads once per request (for Redis, with
	 * {@link ConditionalRedisSessionWriter}, which never brings a deleted session back),
	 * {@link UnreadableSessionRepository} signs out a session that cannot be read, and
	 * {@link AbsoluteTimeoutSessionRepository} enforces the absolute timeout on every
	 * load. Decorators rather than another {@code SessionRepository} bean, which would
	 * make Spring Boot's Redis session configuration back off. With the
	 * {@link SessionNearCache}, the Redis repository's template reads sessions through
	 * it, and every write waits for the cache's commit wait.
	 * @param policy the session limits, resolved when the repository is created
	 * @param nearCache the near cache, if there is one
	 * @param environment where the Redis key namespace is configured
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor sessionRepositoryDecorators(ObjectProvider<SessionPolicyProperties> policy,
			ObjectProvider<SessionNearCache> nearCache, Environment environment) {
		return new BeanPostProcessor() {

			@Override
			@SuppressWarnings("unchecked")
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SessionRepository<?> repository
						&& !(bean instanceof AbsoluteTimeoutSessionRepository<?>)) {
					// Redis's session type is not public: seen as Session, the repository
					// only gets back its own sessions, so the cast is safe.
					SessionRepository<Session> sessions = (SessionRepository<Session>) repository;
					SessionPolicyProperties limits = policy.getObject();
					Runnable afterWrite = () -> {
					};
					ConditionalRedisSessionWriter writer = null;
					if (bean instanceof RedisSessionRepository redisSessions) {
						RedisTemplate<String, Object> template = (RedisTemplate<String, Object>) redisSessions
							.getSessionRedisOperations();
						writer = new ConditionalRedisSessionWriter(template, environment.getProperty(
								"spring.session.data.redis.namespace", RedisSessionRepository.DEFAULT_KEY_NAMESPACE));
						SessionNearCache cache = nearCache.getIfAvailable();
						if (cache != null) {
							template.setConnectionFactory(
									new NearCachingConnectionFactory(template.getRequiredConnectionFactory(), cache));
							afterWrite = cache::awaitCommit;
						}
					}
					return new AbsoluteTimeoutSessionRepository<>(
							new ChangeTrackingSessionRepository<>(new UnreadableSessionRepository<>(sessions),
									limits.expiryRenewalThreshold(), afterWrite, writer),
							limits.absoluteTimeout(), Clock.systemUTC());
				}
				return bean;
			}

		};
	}

	/**
	 * Lets {@link ChangeTrackingSessionRepository} read each session once per request; it
	 * runs just before Spring Session's filter.
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<SessionRequestScopeFilter> sessionRequestScopeFilter() {
		FilterRegistrationBean<SessionRequestScopeFilter> registration = new FilterRegistrationBean<>(
				new SessionRequestScopeFilter());
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
		return registration;
	}

	/**
	 * Turns a session store outage into a friendly 503. It runs outside Spring Session's
	 * filter, which is where the failures surface.
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<SessionStoreUnavailableFilter> sessionStoreUnavailableFilter() {
		FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new SessionStoreUnavailableFilter());
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<OutageErrorPageFilter> outageErrorPageFilter() {
		FilterRegistrationBean<OutageErrorPageFilter> registration = new FilterRegistrationBean<>(
				new OutageErrorPageFilter());
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 2);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.ERROR);
		return registration;
	}

	/**
	 * Makes the JSON of an application type carry its class name, as Spring Security's
	 * mix-ins do for theirs, so that it reads back as that type rather than as a map.
	 */
	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
	abstract static class TypedSessionValue {

	}

	/**
	 * Registers {@link CurrentUserFilter} right after Spring Security's filter chain, for
	 * requests and error pages.
	 * @param accounts looks up the user on the first request of a session
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<CurrentUserFilter> currentUserFilter(AccountService accounts) {
		FilterRegistrationBean<CurrentUserFilter> registration = new FilterRegistrationBean<>(
				new CurrentUserFilter(accounts));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
		return registration;
	}

}
