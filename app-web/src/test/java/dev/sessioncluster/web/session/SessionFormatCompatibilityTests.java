package dev.sessioncluster.web.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling deploy runs two releases side by side: each reads the sessions the other
 * wrote. The fixture holds session hashes exactly as the release on main wrote them
 * ({@code src/test/resources/session-format/main-<commit>.json}, read with
 * {@code redis-cli --json HGETALL}): an anonymous visitor on the sign-in page, and a
 * signed-in user right after a profile save, with the flash message still waiting. This
 * release must read them as they are, with an attribute added (a later release's) and one
 * removed; and the one attribute it adds itself must be a plain string, which the release
 * on main reads back without knowing it.
 *
 * <p>
 * Two things are adjusted before a hash is stored, neither part of the format: its
 * timestamps are set to now (a fixture from yesterday would be expired), and the
 * signed-in user is one registered by the test (the fixture's is the demo's alice).
 */
class SessionFormatCompatibilityTests extends RedisHttpTestSupport {

	private static final String FIXTURE = "/session-format/main-0d2692e.json";

	private static final String PASSWORD = "a long enough password";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JsonNode fixture = read(FIXTURE);

	@Test
	void aSignedInSessionOfThePreviousReleaseStaysSignedInWithItsFlashMessageAndCsrfToken() {
		String username = uniqueName("previous");
		newUser().register(username, PASSWORD);
		HttpUser user = store(signedInAs(username));

		Response page = user.get("/profile");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("@" + username).contains("Your profile has been saved.");

		Response saved = user.postForm("/profile",
				Map.of("displayName", "Rolled Over", "email", username + "@example.com", "bio", "after the roll",
						"_csrf", this.fixture.at("/signedIn/csrfParameter").asString(), "_submission",
						page.submissionToken("/profile").orElseThrow()));
		assertThat(saved.location()).as("the previous release's CSRF token is accepted").isEqualTo("/profile");
		assertThat(user.get("/profile").body()).contains("after the roll");
	}

	@Test
	void aSessionWithAnAttributeAddedAndOneRemovedIsReadToo() {
		String username = uniqueName("changed");
		newUser().register(username, PASSWORD);
		Map<String, String> hash = signedInAs(username);
		hash.put("sessionAttr:attributeOfALaterRelease", "\"a value this release never wrote\"");
		assertThat(hash.remove("sessionAttr:sessioncluster.replica")).isNotNull();
		HttpUser user = store(hash);

		assertThat(user.get("/profile").body()).contains("@" + username);
		assertThat(user.get("/account/sessions").status()).isEqualTo(200);
	}

	@Test
	void anAnonymousSessionOfThePreviousReleaseSignsIn() {
		String username = uniqueName("anonymous");
		newUser().register(username, PASSWORD);
		Map<String, String> hash = fields(this.fixture.at("/anonymous/hash"));
		HttpUser visitor = store(hash);

		Response signedIn = visitor.postForm("/login", Map.of("username", username, "password", PASSWORD, "_csrf",
				this.fixture.at("/anonymous/csrfParameter").asString()));

		assertThat(signedIn.location()).isEqualTo("/profile");
		assertThat(visitor.get("/profile").body()).contains("@" + username);
	}

	@Test
	void thisReleaseAddsOnlyAPlainStringAttribute() {
		String username = uniqueName("current");
		HttpUser user = newUser();
		user.register(username, PASSWORD);
		assertThat(user.get("/profile").status()).isEqualTo(200);
		Map<String, String> written = new LinkedHashMap<>();
		sessionHash(sessionId(user.sessionCookie().orElseThrow())).forEach((field, value) -> written
			.put(new String(field, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8)));

		Set<String> added = new TreeSet<>(written.keySet());
		added.removeAll(fields(this.fixture.at("/signedIn/hash")).keySet());
		assertThat(added).containsExactly("sessionAttr:submissionKey");
		assertThat(written.get("sessionAttr:submissionKey")).matches("\"[A-Za-z0-9+/=]+\"");
	}

	private Map<String, String> signedInAs(String username) {
		Map<String, String> hash = fields(this.fixture.at("/signedIn/hash"));
		hash.computeIfPresent("sessionAttr:SPRING_SECURITY_CONTEXT",
				(field, value) -> value.replace(
						"\"username\":\"" + this.fixture.at("/signedIn/username").asString() + "\"",
						"\"username\":\"" + username + "\""));
		return hash;
	}

	/**
	 * Stores the hash as a live session under a new id, and a visitor carrying its
	 * cookie.
	 */
	private HttpUser store(Map<String, String> hash) {
		String now = Long.toString(System.currentTimeMillis());
		hash.put("creationTime", now);
		hash.put("lastAccessedTime", now);
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		byte[] key = bytes(SESSION_KEY_PREFIX + id);
		Map<byte[], byte[]> stored = new LinkedHashMap<>();
		hash.forEach((field, value) -> stored.put(bytes(field), bytes(value)));
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.hashCommands().hMSet(key, stored);
			connection.keyCommands().pExpire(key, Duration.ofMinutes(30).toMillis());
		}
		return newUser().withSessionCookie(Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
	}

	private static Map<String, String> fields(JsonNode hash) {
		Map<String, String> fields = new LinkedHashMap<>();
		hash.properties().forEach((field) -> fields.put(field.getKey(), field.getValue().asString()));
		return fields;
	}

	private static JsonNode read(String resource) {
		try (InputStream in = SessionFormatCompatibilityTests.class.getResourceAsStream(resource)) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
