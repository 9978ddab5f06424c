package dev.sessioncluster.web.session;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each kind of request costs in Redis commands (deterministic, unlike timings):
 * static assets and anonymous public pages cost nothing, even with a session cookie.
 */
class RedisCommandCountTests extends RedisHttpTestSupport {

	@Test
	void staticAssetsCostNoRedisCommandEvenWithASessionCookie() {
		HttpUser user = newUser();
		user.register(uniqueName("assets"), "a long enough password");
		String css = user.get("/").body().replaceAll("(?s).*href=\"(/css/app[^\"]*)\".*", "$1");
		assertThat(css).startsWith("/css/app");

		assertThat(commandsFor(() -> {
			for (int i = 0; i < 10; i++) {
				assertThat(user.get(css).status()).isEqualTo(200);
			}
		})).isZero();
	}

	@Test
	void anonymousPublicPagesCostNoRedisCommand() {
		assertThat(commandsFor(() -> {
			for (int i = 0; i < 10; i++) {
				assertThat(newUser().get("/").status()).isEqualTo(200);
			}
		})).isZero();
	}

	@Test
	void theCountSeesTheCommandsOfASignedInPage() {
		HttpUser user = newUser();
		user.register(uniqueName("counted"), "a long enough password");

		assertThat(commandsFor(() -> assertThat(user.get("/profile").status()).isEqualTo(200))).isPositive();
	}

	private long commandsFor(Runnable requests) {
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.serverCommands().resetConfigStats();
			requests.run();
			Properties stats = connection.serverCommands().info("commandstats");
			return stats.stringPropertyNames()
				.stream()
				.filter((name) -> !name.contains("config") && !name.contains("info"))
				.map(stats::getProperty)
				.mapToLong((value) -> Long.parseLong(value.replaceAll("^calls=(\\d+),.*", "$1")))
				.sum();
		}
	}

}
