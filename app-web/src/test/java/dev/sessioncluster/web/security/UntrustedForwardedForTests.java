package dev.sessioncluster.web.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.LocalTools;
import dev.sessioncluster.test.RedisServerExtension;
import dev.sessioncluster.test.RedisTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that reaches a replica directly, from loopback, with the shipped configuration
 * (no trusted proxy): its {@code X-Forwarded-For} is its own claim and is ignored, so it
 * can neither reset the per-address limit nor show another address on "Your sessions".
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "app.replica-id=direct")
@RedisTest
class UntrustedForwardedForTests {

	private static final String PASSWORD = "a long enough password";

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> RedisServerExtension.server().host());
		registry.add("spring.data.redis.port", () -> RedisServerExtension.server().port());
	}

	@BeforeEach
	void startFromCleanCountsForLoopback() {
		// Every request of this class really comes from 127.0.0.1, which other test
		// classes may have counted in the shared Redis.
		this.redis.delete(this.redis.keys("sessioncluster:*:127.0.0.1"));
	}

	@Test
	void spoofedForwardedForFromAnUntrustedClientDoesNotResetTheAddressLimit() {
		for (int i = 0; i < 5; i++) {
			HttpUser guesser = HttpUser.at(this.port).from("203.0.113." + (i + 1));
			assertThat(guesser.signIn(LocalTools.uniqueName("guess"), "wrong").location()).isEqualTo("/login?error");
		}

		HttpUser spoofer = HttpUser.at(this.port).from("198.51.100.77");
		assertThat(spoofer.signIn(LocalTools.uniqueName("guess"), "wrong").location()).isEqualTo("/login?locked");
	}

	@Test
	void yourSessionsShowsTheRealAddressNotASpoofedOne() {
		HttpUser user = HttpUser.at(this.port).from("6.6.6.6");
		user.register(LocalTools.uniqueName("real"), PASSWORD);

		String page = user.get("/account/sessions").body();

		assertThat(page).contains("127.0.0.1").doesNotContain("6.6.6.6");
	}

}
