package dev.sessioncluster.web.inspector;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The session inspector over real HTTP against real Redis: what it shows matches what
 * Redis holds, it shows no session id, it creates no session, and a second load of the
 * same session on the same replica comes from the near cache.
 */
@TestPropertySource(properties = "app.inspector.enabled=true")
class InspectorTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@Test
	void aSignedInSessionIsShownAsRedisHoldsIt() {
		HttpUser user = newUser();
		String username = uniqueName("inspect");
		user.register(username, PASSWORD);
		String id = sessionId(user.sessionCookie().orElseThrow());
		// The first page after sign-in stores the new session's form keys; from then
		// on, a page leaves the session as it found it.
		user.get("/profile");

		String page = user.get("/inspector").body();
		Long ttl;
		Object bytes;
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] key = bytes(SESSION_KEY_PREFIX + id);
			ttl = connection.keyCommands().pTtl(key);
			bytes = connection.scriptingCommands()
				.eval(bytes("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')"), ReturnType.INTEGER, 1,
						key);
		}

		assertThat(value(page, "served-by")).isEqualTo("replica-a");
		assertThat(value(page, "transport")).isEqualTo("cookie");
		assertThat(text(page, "user")).isEqualTo(username);
		assertThat(text(page, "created-on")).isEqualTo("replica-a");
		assertThat(text(page, "thread")).startsWith("http-nio-");
		assertThat(Long.parseLong(value(page, "ttl-ms"))).isCloseTo(ttl, within(1000L));
		assertThat(Long.parseLong(value(page, "bytes"))).isEqualTo(bytes);
		assertThat(texts(page, "field")).contains("csrfToken", "SPRING_SECURITY_CONTEXT", "creationTime",
				"lastAccessedTime", "maxInactiveInterval");
		assertThat(page).doesNotContain(id).contains("spring:session:sessions:" + id.substring(0, 4) + "…");
	}

	@Test
	void theSecondLoadOnTheSameReplicaComesFromTheNearCache() {
		HttpUser user = newUser();
		user.register(uniqueName("warm"), PASSWORD);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String page = user.get("/inspector").body();
			assertThat(value(page, "near-cache")).isEqualTo("hit");
			assertThat(value(page, "load-micros")).isNotEmpty();
		});
	}

	@Test
	void withoutCookiesTheSessionTravelsInTheAddress() {
		HttpUser user = newUserWithoutCookies();
		String username = uniqueName("nocookie");
		user.register(username, PASSWORD);

		String page = user.get("/inspector?sid=" + user.sid()).body();

		assertThat(value(page, "transport")).isEqualTo("url");
		assertThat(text(page, "user")).isEqualTo(username);
		// Links carry the id, as they must without cookies; the page never shows it.
		assertThat(page.replaceAll("<[^>]+>", "")).doesNotContain(user.sid());
	}

	@Test
	void aFirstVisitGetsNoSession() {
		HttpUser.Response response = newUser().get("/inspector");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("data-inspect=\"no-session\"");
		assertThat(response.headers("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("SESSION="));
	}

	@Test
	void everyPageLinksToTheInspector() {
		assertThat(newUser().get("/").body()).contains("href=\"/inspector\"");
	}

	private static String value(String page, String name) {
		Matcher matcher = Pattern
			.compile("data-inspect=\"" + name
					+ "\"[^>]*data-value=\"([^\"]*)\"|data-value=\"([^\"]*)\"[^>]*data-inspect=\"" + name + "\"")
			.matcher(page);
		if (matcher.find()) {
			return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		}
		return text(page, name);
	}

	private static String text(String page, String name) {
		List<String> texts = texts(page, name);
		assertThat(texts).as(name).isNotEmpty();
		return texts.get(0);
	}

	private static List<String> texts(String page, String name) {
		Matcher matcher = Pattern.compile("data-inspect=\"" + name + "\"[^>]*>([^<]*)<").matcher(page);
		return matcher.results().map((result) -> result.group(1).trim()).toList();
	}

}
