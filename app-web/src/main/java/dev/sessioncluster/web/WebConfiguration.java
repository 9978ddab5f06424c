package dev.sessioncluster.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Servlet filters that are not part of security or sessions.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<ReplicaHeaderFilter> replicaHeaderFilter(ReplicaProperties replica) {
		FilterRegistrationBean<ReplicaHeaderFilter> registration = new FilterRegistrationBean<>(
				new ReplicaHeaderFilter(replica.replicaId()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
