package dev.sessioncluster.web.session;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.web.user.CurrentUserFilter;
import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.web.security.CredentialStamp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions really live in Redis, as JSON, under the {@code SESSION} cookie, and sign-in
 * and sign-out do what they must to the stored session.
 */
class RedisSessionTests extends RedisHttpTestSupport {

	@Test
	void signedInSessionIsStoredInRedisAsJson() {
		HttpUser user = newUser();
		user.register(uniqueName("json"), "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);

		String id = sessionId(user.sessionCookie().orElseThrow());
		Map<byte[], byte[]> hash = sessionHash(id);

		assertThat(hash).isNotEmpty();
		assertThat(hash.values())
			.allSatisfy((value) -> assertThat(value.length >= 2 && value[0] == (byte) 0xAC && value[1] == (byte) 0xED)
				.as("JDK serialization magic AC ED in %s", new String(value, StandardCharsets.UTF_8))
				.isFalse());
		assertThat(attribute(hash, "sessionAttr:SPRING_SECURITY_CONTEXT")).startsWith("{")
			.contains("\"@class\":\"dev.sessioncluster.web.session.codec.StoredSignIn\"")
			.doesNotContain("password\":\"{bcrypt}");
		assertThat(attribute(hash, "sessionAttr:" + CredentialStamp.SESSION_ATTRIBUTE)).isEqualTo("0");
	}

	@Test
	void aSignedInSessionHoldsFewerThan800BytesOfNamesAndValues() {
		HttpUser user = newUser();
		user.register(uniqueName("size"), "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);

		Map<byte[], byte[]> hash = sessionHash(sessionId(user.sessionCookie().orElseThrow()));

		// Spring Security's JSON alone made the security context about 1 KB.
		int bytes = hash.entrySet().stream().mapToInt((field) -> field.getKey().length + field.getValue().length).sum();
		assertThat(bytes).isLessThan(800);
		assertThat(hash.keySet()).extracting((field) -> new String(field, StandardCharsets.UTF_8))
			.doesNotContain("sessionAttr:SPRING_SECURITY_LAST_EXCEPTION");
	}

	@Test
	void cookieIsSessionHttpOnlySameSiteLaxAndThereIsNoJsessionid() {
		HttpUser user = newUser();
		Response login = user.get("/login");
		Response signedIn = user.register(uniqueName("cookie"), "a long enough password");

		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(login.headers("Set-Cookie")).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith("SESSION=")
				.contains("HttpOnly")
				.contains("SameSite=Lax")
				.contains("Path=/"));
		assertThat(user.cookies()).extracting("name").containsOnly("SESSION");
		assertThat(login.headers("Set-Cookie")).noneMatch((cookie) -> cookie.contains("JSESSIONID"));
		assertThat(signedIn.headers("Set-Cookie")).noneMatch((cookie) -> cookie.contains("JSESSIONID"));
	}

	@Test
	void sessionIdChangesAtSignIn() {
		String username = uniqueName("fixation");
		newUser().register(username, "a long enough password");

		HttpUser user = newUser();
		user.get("/login");
		String before = sessionId(user.sessionCookie().orElseThrow());
		assertThat(sessionExists(before)).isTrue();

		Response signedIn = user.signIn(username, "a long enough password");

		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.location()).isEqualTo("/profile");
		String after = sessionId(user.sessionCookie().orElseThrow());
		assertThat(after).isNotEqualTo(before);
		assertThat(sessionExists(before)).as("the pre-sign-in id is gone from Redis").isFalse();
		assertThat(sessionExists(after)).isTrue();
		assertThat(user.get("/profile").status()).isEqualTo(200);
	}

	@Test
	void signOutDeletesTheSessionFromRedis() {
		HttpUser user = newUser();
		user.register(uniqueName("logout"), "a long enough password");
		String id = sessionId(user.sessionCookie().orElseThrow());

		Response signedOut = user.signOut();

		assertThat(signedOut.status()).isEqualTo(302);
		assertThat(signedOut.location()).isEqualTo("/login?logout");
		assertThat(sessionExists(id)).isFalse();
		assertThat(user.get("/profile").location()).startsWith("/login").doesNotContain("error");
	}

	@Test
	void wrongPasswordRedirectsToTheLoginError() {
		String username = uniqueName("wrong");
		newUser().register(username, "a long enough password");

		Response failed = newUser().signIn(username, "not the password");

		assertThat(failed.status()).isEqualTo(302);
		assertThat(failed.location()).isEqualTo("/login?error");
	}

	private static String attribute(Map<byte[], byte[]> hash, String name) {
		return hash.entrySet()
			.stream()
			.filter((e) -> new String(e.getKey(), StandardCharsets.UTF_8).equals(name))
			.map((e) -> new String(e.getValue(), StandardCharsets.UTF_8))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No session attribute " + name));
	}

}
