package dev.sessioncluster.web.session;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's comparison setting, {@code app.session.strategy=none}: the same
 * application with sessions in the JVM, so nothing about the session reaches Redis.
 */
@TestPropertySource(properties = "app.session.strategy=none")
class InMemorySessionStoreTests extends RedisHttpTestSupport {

	@Test
	void sessionsStayOutOfRedis() {
		HttpUser user = newUser();
		user.register(uniqueName("memory"), "a long enough password");
		String id = sessionId(user.sessionCookie().orElseThrow());

		assertThat(user.get("/profile").status()).isEqualTo(200);
		assertThat(sessionExists(id)).isFalse();
		try (RedisConnection connection = this.redis.getConnection()) {
			assertThat(connection.keyCommands().keys(bytes(SESSION_KEY_PREFIX + "*")))
				.noneMatch((key) -> new String(key, StandardCharsets.UTF_8).endsWith(id));
		}
		assertThat(user.signOut().location()).isEqualTo("/login?logout");
		assertThat(user.get("/profile").location()).startsWith("/login");
	}

}
