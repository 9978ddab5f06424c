package dev.sessioncluster.web.inspector;

import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;

import io.lettuce.core.AbstractRedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.data.redis.RedisSessionRepository;

import dev.sessioncluster.web.session.SessionRepositoryDecorator;
import dev.sessioncluster.web.session.SessionStrategyProperties;
import dev.sessioncluster.web.session.nearcache.SessionNearCache;
import dev.sessioncluster.web.support.FilterOrder;
import dev.sessioncluster.web.support.ReplicaProperties;

/**
 * The inspector's machinery, present only with {@code app.inspector.enabled=true} (the
 * {@code demo} profile): a trace per request, a Redis command counter on the Lettuce
 * client, and a session repository decorator that times the load.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("app.inspector.enabled")
class InspectorConfiguration {

	@Bean
	FilterRegistrationBean<RequestTraceFilter> requestTraceFilter() {
		FilterRegistrationBean<RequestTraceFilter> registration = new FilterRegistrationBean<>(
				new RequestTraceFilter());
		registration.setOrder(FilterOrder.REQUEST_TRACE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	/**
	 * Adds the command counter to the Lettuce client as soon as Spring Data creates it,
	 * before any connection is opened: a connection only reports to the listeners its
	 * client had when it connected.
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor redisCommandCounting() {
		RedisCommandCounter counter = new RedisCommandCounter();
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof LettuceConnectionFactory lettuce) {
					AbstractRedisClient client = lettuce.getNativeClient();
					if (client != null) {
						client.addListener(counter);
					}
				}
				return bean;
			}

		};
	}

	@Bean
	SessionRepositoryDecorator sessionTracing(ReplicaProperties replica, ObjectProvider<SessionNearCache> nearCache) {
		Supplier<NearCacheState> state = () -> {
			SessionNearCache cache = nearCache.getIfAvailable();
			if (cache == null) {
				return NearCacheState.ABSENT;
			}
			if (cache.offReason() != null) {
				return NearCacheState.OFF;
			}
			return cache.leaseCurrent() ? NearCacheState.SERVING : NearCacheState.LEASE_LAPSED;
		};
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.TRACE, (store) -> SessionRepositoryDecorator
			.ofSessions(new TracingSessionRepository<>(store, replica.replicaId(), state)));
	}

	@Bean
	SessionInspector sessionInspector(ReplicaProperties replica, SessionStrategyProperties sessions,
			Environment environment, ObjectProvider<RedisConnectionFactory> redis,
			ObjectProvider<SessionNearCache> nearCache) {
		String namespace = environment.getProperty("spring.session.data.redis.namespace",
				RedisSessionRepository.DEFAULT_KEY_NAMESPACE);
		return new SessionInspector(replica.replicaId(), sessions.strategy(), namespace + ":sessions:", redis,
				nearCache);
	}

}
