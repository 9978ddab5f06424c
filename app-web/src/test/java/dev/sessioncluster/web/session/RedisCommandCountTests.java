package dev.sessioncluster.web.session;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each kind of request costs in Redis commands (deterministic, unlike timings):
 * static assets and anonymous public pages cost nothing, even with a session cookie, and
 * a signed-in page that changes nothing costs the one read that loads the session.
 */
class RedisCommandCountTests extends RedisHttpTestSupport {

	@Test
	void staticAssetsCostNoRedisCommandEvenWithASessionCookie() {
		HttpUser user = newUser();
		user.register(uniqueName("assets"), "a long enough password");
		String css = user.get("/").body().replaceAll("(?s).*href=\"(/assets/css/app[^\"]*)\".*", "$1");
		assertThat(css).startsWith("/assets/css/app-");

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
	void aSignedInPageThatChangesNothingCostsOneRead() {
		HttpUser user = newUser();
		user.register(uniqueName("counted"), "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);

		assertThat(commandsFor(() -> {
			for (int i = 0; i < 10; i++) {
				assertThat(user.get("/profile").status()).isEqualTo(200);
			}
		})).isEqualTo(10);
	}

	@Test
	void aProfileUpdateCostsOneReadAndOneCheckedWrite() {
		HttpUser user = newUser();
		user.register(uniqueName("updated"), "a long enough password");
		String token = user.get("/profile").csrfToken();

		// HGETALL; then EXISTS, HMSET, PEXPIREAT: the refreshed user and the flash
		// message.
		assertThat(commandsFor(() -> assertThat(
				user.postForm("/profile", Map.of("displayName", "New Name", "email", "new@example.com", "_csrf", token))
					.status())
			.isEqualTo(302))).isEqualTo(4);
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
