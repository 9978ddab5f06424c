package dev.sessioncluster.web.session;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * {@code app.session.store=memory}: sessions in this JVM's memory instead of Redis, for
 * the benchmark that measures what the distributed store costs. Not for a cluster: a
 * session lives and dies with its replica. Spring Boot's Redis session configuration
 * steps aside when this repository exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.session.store", havingValue = "memory")
@EnableSpringHttpSession
class InMemorySessionConfiguration {

	@Bean
	MapSessionRepository sessionRepository(SessionProperties properties, SessionIdGenerator sessionIdGenerator) {
		MapSessionRepository repository = new MapSessionRepository(new ConcurrentHashMap<>());
		if (properties.getTimeout() != null) {
			repository.setDefaultMaxInactiveInterval(properties.getTimeout());
		}
		repository.setSessionIdGenerator(sessionIdGenerator);
		return repository;
	}

}
