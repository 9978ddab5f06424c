package dev.sessioncluster.web.session;

import java.time.Clock;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.SessionIdGenerator;

import dev.sessioncluster.web.support.FilterOrder;

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
	 * Session ids with 192 random bits; Spring Session's Redis configuration picks it up.
	 * @return the generator
	 */
	@Bean
	SessionIdGenerator sessionIdGenerator() {
		return new SecureSessionIdGenerator();
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
	 * Saves only what changed and reads each session once per request.
	 * @param policy when the idle expiry is renewed
	 * @return the decorator
	 */
	@Bean
	SessionRepositoryDecorator changeTracking(SessionPolicyProperties policy) {
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.CHANGE_TRACKING,
				(store) -> SessionRepositoryDecorator
					.ofSessions(new ChangeTrackingSessionRepository<>(store, policy.expiryRenewalThreshold())));
	}

	/**
	 * Refuses, and deletes, a session that has outlived its absolute timeout.
	 * @param policy the absolute timeout
	 * @return the decorator
	 */
	@Bean
	SessionRepositoryDecorator absoluteTimeout(SessionPolicyProperties policy) {
		return SessionRepositoryDecorator.at(SessionRepositoryDecorator.ABSOLUTE_TIMEOUT,
				(store) -> new AbsoluteTimeoutSessionRepository<>(store, policy.absoluteTimeout(), Clock.systemUTC()));
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
