package dev.sessioncluster.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filters that are not part of security or sessions.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * {@code /error} is where the container forwards errors; asked for directly, it is a
	 * page that does not exist (404), not an error of unknown status (500).
	 * @return the registration, for direct requests only
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> directErrorPathFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {

					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws IOException {
						response.sendError(HttpServletResponse.SC_NOT_FOUND);
					}

				});
		registration.addUrlPatterns("/error");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	ShutdownDrain shutdownDrain(ShutdownProperties shutdown) {
		return new ShutdownDrain(shutdown.drain());
	}

	@Bean
	FilterRegistrationBean<ShutdownDrain> shutdownDrainFilter(ShutdownDrain drain) {
		FilterRegistrationBean<ShutdownDrain> registration = new FilterRegistrationBean<>(drain);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ReplicaHeaderFilter> replicaHeaderFilter(ReplicaProperties replica) {
		FilterRegistrationBean<ReplicaHeaderFilter> registration = new FilterRegistrationBean<>(
				new ReplicaHeaderFilter(replica.replicaId()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
