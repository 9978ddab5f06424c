package dev.sessioncluster.web.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finding "anonymous sessions without limit", replayed over real HTTP against Redis:
 * one address may create only so many sessions a minute, an anonymous session lives
 * briefly and weighs little whatever the request that made it, and sign-in gives it the
 * normal lifetime.
 */
@TestPropertySource(properties = "app.anonymous-sessions.per-address-per-minute=5")
class AnonymousSessionFloodTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@Test
	void anonymousSessionsFromOneAddressAreLimited() {
		String address = "10.66." + (System.nanoTime() % 200) + ".7";
		int created = 0;
		int refused = 0;
		for (int i = 0; i < 8; i++) {
			Response login = newUserWithoutCookies().from(address).get("/login");
			if (login.status() == 200) {
				assertThat(login.body()).contains("name=\"_csrf\"");
				created++;
			}
			else {
				assertThat(login.status()).isEqualTo(429);
				assertThat(login.header("Retry-After")).isPresent();
				assertThat(login.body()).contains("Too many").doesNotContain("Exception");
				refused++;
			}
		}
		assertThat(created).isEqualTo(5);
		assertThat(refused).isEqualTo(3);
		assertThat(newUserWithoutCookies().from("10.67.0.1").get("/login").status()).as("another address")
			.isEqualTo(200);
	}

	@Test
	void aSavedRequestWeighsLittleWhateverItsQueryAndHeaders() {
		HttpUser visitor = newUserWithoutCookies();
		Response planted = visitor.send("GET", "/account/sessions?q=" + "x".repeat(28 * 1024),
				Map.of("X-Padding", "y".repeat(2 * 1024)), null);
		assertThat(planted.status()).isEqualTo(302);
		assertThat(planted.location()).startsWith("/login");

		long bytes = sessionHash(visitor.sid()).entrySet()
			.stream()
			.mapToLong((e) -> e.getKey().length + e.getValue().length)
			.sum();
		assertThat(bytes).isLessThan(1024);
	}

	@Test
	void anonymousSessionsAreShortLivedUntilSignIn() {
		String username = uniqueName("short");
		newUser().register(username, PASSWORD);
		HttpUser user = newUser();

		user.get("/login");
		String anonymous = sessionId(user.sessionCookie().orElseThrow());
		assertThat(field(anonymous, "maxInactiveInterval")).isEqualTo("600");

		assertThat(user.signIn(username, PASSWORD).location()).isEqualTo("/profile");
		String signedIn = sessionId(user.sessionCookie().orElseThrow());
		assertThat(signedIn).isNotEqualTo(anonymous);
		assertThat(field(signedIn, "maxInactiveInterval")).isEqualTo("1800");
	}

	private String field(String sessionId, String name) {
		return sessionHash(sessionId).entrySet()
			.stream()
			.filter((e) -> new String(e.getKey()).equals(name))
			.map((e) -> new String(e.getValue()))
			.findFirst()
			.orElseThrow();
	}

}
