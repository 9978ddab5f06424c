package dev.sessioncluster;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Session Cluster: a login-and-profile web application that runs as several replicas
 * behind a load balancer and keeps its HTTP sessions in Redis.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SessionClusterApplication {

	public static void main(String[] args) {
		SpringApplication.run(SessionClusterApplication.class, args);
	}

}
