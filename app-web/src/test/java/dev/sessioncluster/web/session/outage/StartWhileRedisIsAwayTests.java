package dev.sessioncluster.web.session.outage;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sessioncluster.SessionClusterApplication;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A replica restarted while Redis is away finishes starting, as it did before anything
 * subscribed to Redis at start-up: it answers with the outage page until Redis is back,
 * instead of hanging in a retry loop of its start-up.
 */
class StartWhileRedisIsAwayTests {

	@Test
	void aReplicaStartsWhileRedisIsAway() throws Exception {
		int nothingListens = LocalTools.freePort();

		assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SessionClusterApplication.class)
				.properties("server.port=0", "spring.data.redis.port=" + nothingListens, "app.replica-id=no-redis")
				.run()) {
				assertThat(context.isRunning()).isTrue();
			}
		});
	}

}
