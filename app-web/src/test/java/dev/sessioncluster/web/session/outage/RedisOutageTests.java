package dev.sessioncluster.web.session.outage;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sessioncluster.web.session.nearcache.SessionNearCache;
import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away while the application runs, on a Redis server of this test's own: pages
 * that need a session answer a friendly 503 quickly, public pages and static assets keep
 * working, health says DOWN, and when Redis returns everything works again without a
 * restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "app.replica-id=outage")
class RedisOutageTests {

	private static final RedisServer redis = RedisServer.startRestartable();

	@LocalServerPort
	int port;

	@Autowired
	SessionNearCache nearCache;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void outageAnswers503QuicklyAndServiceResumesByItself() {
		HttpUser user = HttpUser.at(this.port);
		user.register("outage-" + System.nanoTime() % 100000, "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);

		redis.stopServer();
		try {
			// For up to one lease, the replica may still serve the session from its near
			// cache: nobody can change it while Redis is away.
			await().atMost(Duration.ofSeconds(2)).until(() -> !this.nearCache.leaseCurrent());
			long started = System.nanoTime();
			Response profile = user.get("/profile");
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(profile.status()).isEqualTo(503);
			assertThat(took).isLessThan(Duration.ofSeconds(2));
			assertThat(profile.header("Retry-After")).isPresent();
			assertThat(profile.body()).contains("Temporarily unavailable")
				.contains("Served by outage")
				.doesNotContain("Exception")
				.doesNotContain("at org.");

			HttpUser anonymous = HttpUser.at(this.port);
			assertThat(anonymous.get("/").status()).isEqualTo(200);
			assertThat(anonymous.get("/assets/css/app.css").status()).isEqualTo(200);
			assertThat(user.get("/assets/css/app.css").status()).as("static, with a session cookie").isEqualTo(200);
			Response health = anonymous.get("/actuator/health");
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.body()).contains("\"redis\":{\"status\":\"DOWN\"");
		}
		finally {
			redis.restartServer();
		}

		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(HttpUser.at(this.port).get("/actuator/health").status()).isEqualTo(200));
		// The health check and the session store reconnect independently; both come back
		// by
		// themselves within seconds.
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(HttpUser.at(this.port).get("/register").status()).isEqualTo(200));
		HttpUser again = HttpUser.at(this.port);
		assertThat(again.register("after-" + System.nanoTime() % 100000, "a long enough password").location())
			.isEqualTo("/profile");
		assertThat(again.get("/profile").status()).isEqualTo(200);
	}

}
