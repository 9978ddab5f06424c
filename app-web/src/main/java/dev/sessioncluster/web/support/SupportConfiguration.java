package dev.sessioncluster.web.support;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The replica's own servlet filters: the header that names it, and the drain that lets
 * nginx retire its connections before a graceful stop; and its name on every metric.
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

	/**
	 * Tags every metric with the replica that recorded it, so that a dashboard can tell
	 * the replicas apart whatever the scraper calls them.
	 * @param replica this replica
	 * @return the customizer
	 */
	@Bean
	MeterRegistryCustomizer<MeterRegistry> replicaTag(ReplicaProperties replica) {
		return (registry) -> registry.config().commonTags("replica", replica.replicaId());
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
