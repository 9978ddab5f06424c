package dev.sessioncluster.web.security;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the deployments' Redis memory policy ({@code maxmemory} with {@code noeviction})
 * means for visitors once a flood has filled it: Redis refuses writes instead of evicting
 * sessions, so a signed-in user keeps reading their pages, and a request that needs a new
 * session gets the friendly {@code 503} with {@code Retry-After}, never a 500.
 */
class RedisFullTests extends RedisHttpTestSupport {

	@Test
	void whenRedisIsFullNewSessionsGetA503AndSignedInUsersKeepTheirs() {
		HttpUser signedIn = newUser();
		String username = uniqueName("full");
		signedIn.register(username, "a long enough password");
		assertThat(signedIn.get("/profile").status()).isEqualTo(200);

		try (RedisConnection connection = this.redis.getConnection()) {
			Properties memory = connection.serverCommands().info("memory");
			connection.serverCommands().setConfig("maxmemory-policy", "noeviction");
			connection.serverCommands().setConfig("maxmemory", memory.getProperty("used_memory"));
			try {
				Response page = signedIn.get("/profile");
				assertThat(page.status()).isEqualTo(200);
				assertThat(page.body()).contains("@" + username);

				Response refused = newUser().get("/login");
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isPresent();
				assertThat(refused.body()).contains("Temporarily unavailable").doesNotContain("Exception");
			}
			finally {
				connection.serverCommands().setConfig("maxmemory", "0");
			}
		}
		assertThat(newUser().get("/login").status()).isEqualTo(200);
	}

}
