package dev.sessioncluster.web.session;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * {@code app.session.strategy=none} or {@code sticky}: each replica keeps its own
 * sessions in its own memory. A session lives and dies with its replica, and another
 * replica does not know it: the answers the comparison shows failing, and the benchmark's
 * measure of what the distributed store costs. Spring Boot's Redis session configuration
 * steps aside when this repository exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSessionStrategy({ SessionStrategy.NONE, SessionStrategy.STICKY })
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
