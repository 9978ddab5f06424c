package dev.sessioncluster.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and unusual input, table by table, through the real HTTP stack: forged session
 * ids, broken CSRF tokens, oversized bodies and headers, markup, scripts, SQL, Unicode
 * and path tricks, and every method on every route. Never a 500, never a stack trace,
 * nothing lost.
 */
class HostileInputTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final List<String> ROUTES = List.of("/", "/login", "/register", "/profile", "/account/password",
			"/account/sessions", "/account/sessions/abc/revoke", "/account/sessions/revoke-others", "/logout",
			"/actuator/health", "/assets/css/app.css", "/error", "/nope");

	static Stream<Arguments> forgedSessionIds() {
		return Stream.of(Arguments.of("well-formed but unknown", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE"),
				Arguments.of("not Base64", "%%%not-base64%%%"), Arguments.of("empty", ""),
				Arguments.of("markup", "<script>alert(1)</script>"), Arguments.of("SQL", "' OR '1'='1"),
				Arguments.of("10 KB", "A".repeat(10 * 1024)));
	}

	@ParameterizedTest(name = "cookie: {0}")
	@MethodSource("forgedSessionIds")
	void forgedSessionCookieIsNoSession(String kind, String value) {
		Response profile = newUser().send("GET", "/profile", Map.of("Cookie", "SESSION=" + value), null);
		assertThat(profile.status()).isEqualTo(302);
		assertThat(profile.location()).startsWith("/login");

		Response home = newUser().send("GET", "/", Map.of("Cookie", "SESSION=" + value), null);
		assertThat(home.status()).isEqualTo(200);
		assertNoLeak(home);
	}

	@ParameterizedTest(name = "sid: {0}")
	@MethodSource("forgedSessionIds")
	void forgedSidIsNoSession(String kind, String value) {
		String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
		Response profile = newUserWithoutCookies().get("/profile?sid=" + encoded);
		assertThat(profile.status()).isEqualTo(302);
		assertThat(profile.location()).startsWith("/login");
		assertNoLeak(newUserWithoutCookies().get("/?sid=" + encoded));
	}

	static Stream<Arguments> protectedPosts() {
		return Stream.of(Arguments.of("/profile", "displayName=X&email=x%40example.com&bio="),
				Arguments.of("/account/password", "currentPassword=a&newPassword=b"), Arguments.of("/logout", ""),
				Arguments.of("/account/sessions/revoke-others", ""), Arguments.of("/account/sessions/abc/revoke", ""));
	}

	@ParameterizedTest(name = "{0} without or with a wrong CSRF token")
	@MethodSource("protectedPosts")
	void postsWithoutAValidCsrfTokenAreForbidden(String path, String body) {
		HttpUser user = signedIn("csrf");
		String before = user.get("/profile").body();

		assertThat(user.send("POST", path, Map.of(), body).status()).isEqualTo(403);
		Response wrong = user.send("POST", path, Map.of(), body + "&_csrf=forged-token");
		assertThat(wrong.status()).isEqualTo(403);
		assertNoLeak(wrong);
		assertThat(user.get("/profile").status()).as("still signed in, nothing changed").isEqualTo(200);
		assertThat(user.get("/profile").body())
			.contains(before.substring(before.indexOf("profile-name")).split("<")[0]);
	}

	@Test
	void oversizedBodiesAndHeadersAreRefusedCleanly() {
		HttpUser user = signedIn("big");
		Response page = user.get("/profile");
		String hugeBio = "x".repeat(3 * 1024 * 1024);
		Response big = user.send("POST", "/profile", Map.of(),
				"displayName=Big&email=big%40example.com&bio=" + hugeBio + "&_csrf=" + page.csrfToken());
		assertThat(big.status()).isBetween(400, 499);
		assertNoLeak(big);

		Response header = user.send("GET", "/profile", Map.of("X-Padding", "y".repeat(40 * 1024)), null);
		assertThat(header.status()).isBetween(400, 499);
		assertNoLeak(header);
		assertThat(user.get("/profile").status()).isEqualTo(200);
	}

	static Stream<Arguments> hostileText() {
		return Stream.of(Arguments.of("<script>alert('x')</script>"), Arguments.of("\"><img src=x onerror=alert(1)>"),
				Arguments.of("javascript:alert(1)"), Arguments.of("Robert'); DROP TABLE account;--"),
				Arguments.of("1' OR '1'='1"), Arguments.of("Dörä Ünïcødé"), Arguments.of("שלום עולם"),
				Arguments.of("\u202Eevil\u202C name"), Arguments.of("🚀👩‍💻 emoji"), Arguments.of("../../etc/passwd"),
				Arguments.of("${7*7} #{7*7} *{7*7}"), Arguments.of("%00%0d%0aSet-Cookie: x=y"));
	}

	@ParameterizedTest(name = "profile fields: {0}")
	@MethodSource("hostileText")
	void hostileTextInEveryProfileFieldIsStoredAndShownLiterally(String text) {
		HttpUser user = signedIn("text");
		Response saved = user.submit("/profile", "/profile",
				Map.of("displayName", text, "email", "text-" + System.nanoTime() + "@example.com", "bio", text));
		assertThat(saved.status()).isEqualTo(302);

		Response profile = user.get("/profile");
		String escaped = org.springframework.web.util.HtmlUtils.htmlEscape(text);
		assertThat(profile.body()).contains(escaped);
		assertThat(profile.body()).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain(">49<");
		assertThat(profile.headers("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("x="));
	}

	@ParameterizedTest(name = "email: {0}")
	@MethodSource("hostileText")
	void hostileTextAsEmailIsRejectedWithAMessage(String text) {
		HttpUser user = signedIn("mail");
		Response rejected = user.submit("/profile", "/profile",
				Map.of("displayName", "Mail", "email", text, "bio", ""));
		assertThat(rejected.status()).isEqualTo(200);
		assertThat(rejected.body()).contains("Enter a valid email address.").doesNotContain("<script>alert");
	}

	@Test
	void usernameWithSqlMetacharactersIsRejectedAndTheTableIsIntact() {
		Response rejected = newUser().submit("/register", "/register", Map.of("username", "o'brien; DROP TABLE account",
				"email", "ob@example.com", "displayName", "O'Brien", "password", PASSWORD));
		assertThat(rejected.status()).isEqualTo(200);
		assertThat(rejected.body()).contains("Use letters, digits, dots, dashes and underscores only.");
		assertThat(signedIn("intact").get("/profile").status()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("traversals")
	void pathTraversalFindsNothing(String path) {
		Response response = signedIn("path").get(path);
		assertThat(response.status()).isIn(302, 400, 404);
		assertThat(response.body()).doesNotContain("root:").doesNotContain("spring.datasource");
		assertNoLeak(response);
	}

	static Stream<String> traversals() {
		return Stream.of("/assets/css/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/application.properties",
				"/%2e%2e/%2e%2e/etc/passwd", "/assets/css/..%2f..%2fapplication.properties",
				"/assets/images/%252e%252e/x", "/assets/../application.properties", "/profile/..;/admin",
				"/WEB-INF/web.xml", "/META-INF/MANIFEST.MF");
	}

	static Stream<Arguments> methodsOnRoutes() {
		List<Arguments> rows = new ArrayList<>();
		for (String route : ROUTES) {
			for (String method : List.of("HEAD", "OPTIONS", "TRACE", "PUT", "DELETE", "PATCH")) {
				rows.add(Arguments.of(method, route));
			}
		}
		return rows.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("methodsOnRoutes")
	void everyMethodOnEveryRouteIsAnsweredWithoutAnError(String method, String route) {
		Response anonymous = newUser().send(method, route, Map.of(), null);
		assertThat(anonymous.status()).as("anonymous %s %s", method, route).isLessThan(500);
		assertNoLeak(anonymous);

		Response signedIn = signedIn("methods").send(method, route, Map.of(), null);
		assertThat(signedIn.status()).as("signed in %s %s", method, route).isLessThan(500);
		assertNoLeak(signedIn);
		if ("TRACE".equals(method)) {
			assertThat(signedIn.status()).isEqualTo(405);
		}
	}

	private HttpUser signedIn(String prefix) {
		HttpUser user = newUser();
		assertThat(user.register(uniqueName(prefix), PASSWORD).status()).isEqualTo(302);
		return user;
	}

	private static void assertNoLeak(Response response) {
		assertThat(response.status()).isLessThan(500);
		assertThat(response.body()).doesNotContain("Exception")
			.doesNotContain("at org.")
			.doesNotContain("at java.")
			.doesNotContain("Whitelabel");
	}

}
