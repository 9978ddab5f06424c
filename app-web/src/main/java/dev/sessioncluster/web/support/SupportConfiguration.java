package dev.sessioncluster.web.support;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The replica's own servlet filters: the header that names it, and the drain that lets
 * nginx retire its connections before a graceful stop.
 */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

	@Bean
	FilterRegistrationBean<ReplicaHeaderFilter> replicaHeaderFilter(ReplicaProperties replica) {
		FilterRegistrationBean<ReplicaHeaderFilter> registration = new FilterRegistrationBean<>(
				new ReplicaHeaderFilter(replica.replicaId()));
		registration.setOrder(FilterOrder.REPLICA_HEADER);
		return registration;
	}

	@Bean
	ShutdownDrain shutdownDrain(ShutdownProperties shutdown) {
		return new ShutdownDrain(shutdown.drain());
	}

	@Bean
	FilterRegistrationBean<ShutdownDrain> shutdownDrainFilter(ShutdownDrain drain) {
		FilterRegistrationBean<ShutdownDrain> registration = new FilterRegistrationBean<>(drain);
		registration.setOrder(FilterOrder.SHUTDOWN_DRAIN);
		return registration;
	}

}
