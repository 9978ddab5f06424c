package dev.sessioncluster.web.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.web.session.nearcache.SessionNearCache;
import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session hardening over real HTTP: strong ids, idle and absolute timeouts enforced on
 * the server, security headers, and the Secure cookie behind an HTTPS proxy.
 */
class SessionSecurityTests extends RedisHttpTestSupport {

	@Autowired
	private SessionNearCache nearCache;

	private static final String PASSWORD = "a long enough password";

	@Test
	void sessionIdsCarryAtLeast128RandomBits() {
		HttpUser user = newUser();
		user.register(uniqueName("ids"), PASSWORD);

		String id = sessionId(user.sessionCookie().orElseThrow());

		assertThat(id).matches("[A-Za-z0-9_-]+");
		assertThat(Base64.getUrlDecoder().decode(id)).hasSizeGreaterThanOrEqualTo(16);
		assertThat(sessionExists(id)).isTrue();
	}

	@Test
	void idleExpiredSessionIsRefused() {
		HttpUser user = newUser();
		user.register(uniqueName("idle"), PASSWORD);
		String id = sessionId(user.sessionCookie().orElseThrow());

		setField(id, "lastAccessedTime", Instant.now().minus(Duration.ofMinutes(31)).toEpochMilli());

		assertThat(user.get("/profile").location()).startsWith("/login");
	}

	@Test
	void absoluteExpiredSessionIsRefusedEvenWhenActive() {
		HttpUser user = newUser();
		user.register(uniqueName("absolute"), PASSWORD);
		String id = sessionId(user.sessionCookie().orElseThrow());
		assertThat(user.get("/profile").status()).isEqualTo(200);

		setField(id, "creationTime", Instant.now().minus(Duration.ofHours(12)).minusSeconds(60).toEpochMilli());

		assertThat(user.get("/profile").location()).startsWith("/login");
		assertThat(sessionExists(id)).as("deleted when found past its absolute timeout").isFalse();
	}

	@Test
	void pagesCarryStrictSecurityHeaders() {
		Response page = newUser().get("/login");

		assertThat(page.header("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'self'")
				.contains("frame-ancestors 'none'")
				.contains("object-src 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval"));
		assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
		assertThat(page.header("Referrer-Policy")).contains("no-referrer");
		assertThat(page.header("X-Frame-Options")).contains("DENY");
		assertThat(page.header("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
		assertThat(page.body()).doesNotContain("style=\"").doesNotContain("<script>");
	}

	@Test
	void behindAnHttpsProxyTheCookieIsSecureAndHstsIsSent() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/login"))
				.header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-Host", "sessions.example")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).startsWith("SESSION=").contains("Secure").contains("HttpOnly"));
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
	}

	private void setField(String sessionId, String field, long value) {
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.hashCommands()
				.hSet(bytes(SESSION_KEY_PREFIX + sessionId), bytes(field),
						String.valueOf(value).getBytes(StandardCharsets.UTF_8));
		}
		// A write behind the application's back waits out the near cache's lease, as the
		// application's own writes do.
		this.nearCache.awaitCommit();
	}

}
