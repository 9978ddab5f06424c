package dev.sessioncluster.web.security;

import java.time.Duration;

import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sessioncluster.web.support.FilterOrder;

/**
 * Registers {@link AnonymousSessionFilter} inside Spring Session's filter (where sessions
 * are created) and after the cookie fallback's filter.
 */
@Configuration(proxyBeanMethods = false)
class AnonymousSessionConfiguration {

	@Bean
	FilterRegistrationBean<AnonymousSessionFilter> anonymousSessionFilter(StringRedisTemplate redis,
			AnonymousSessionProperties anonymous, SessionProperties session, ServerProperties server) {
		Duration signedIn = session.determineTimeout(() -> server.getServlet().getSession().getTimeout());
		FilterRegistrationBean<AnonymousSessionFilter> registration = new FilterRegistrationBean<>(
				new AnonymousSessionFilter(new SessionCreationCounter(redis, anonymous.perAddressPerMinute()),
						anonymous.idleTimeout(), signedIn));
		registration.setOrder(FilterOrder.ANONYMOUS_SESSION);
		return registration;
	}

}
