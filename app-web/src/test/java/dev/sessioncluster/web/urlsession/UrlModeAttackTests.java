package dev.sessioncluster.web.urlsession;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RawHttp;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URL-mode findings of the second penetration test, replayed over real HTTP against
 * Redis: no redirect leaves the site, whatever the path, the saved request or the
 * {@code Host}; and an id from a URL never puts a browser that accepts cookies into
 * someone else's session.
 */
class UrlModeAttackTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final Pattern SID = Pattern.compile("[?&]sid=([A-Za-z0-9_-]+)");

	@ParameterizedTest(name = "GET {0} with a cookie")
	@ValueSource(strings = { "//evil.example/?sid=x", "//evil.example/profile?sid=x&a=b", "///evil.example/?sid=x",
			"/\\evil.example/?sid=x", "/\\/evil.example/?sid=x", "//evil.example?sid=x",
			"//evil.example/?sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
	void openRedirectWithCookieAndSidStaysOnTheSite(String target) {
		RawHttp.Response response = RawHttp.exchange(this.port, "GET " + target + " HTTP/1.1",
				"Host: 127.0.0.1:" + this.port, "Cookie: SESSION=anything");

		assertThat(response.status()).isLessThan(500);
		assertStaysOnTheSite(response.location());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Host: evil.example:1234", "X-Forwarded-Host: evil.example" })
	void savedRequestFromAForgedHostNeverLeavesTheSite(String forgery) {
		String username = uniqueName("victim");
		newUser().register(username, PASSWORD);
		String host = forgery.startsWith("Host:") ? forgery : "Host: 127.0.0.1:" + this.port;
		String extra = forgery.startsWith("Host:") ? "X-Forwarded-For: 10.9.8.7" : forgery;

		RawHttp.Response planted = RawHttp.exchange(this.port, "GET /account/sessions HTTP/1.1", host, extra,
				"Accept: text/html");
		assertThat(planted.status()).isEqualTo(302);
		assertStaysOnTheSite(planted.location());
		Matcher sid = SID.matcher(planted.location());
		assertThat(sid.find()).as("a session for the saved request, named in %s", planted.location()).isTrue();

		HttpUser victim = newUserWithoutCookies();
		victim.get("/login?sid=" + sid.group(1));
		Response signedIn = victim.signIn(username, PASSWORD);

		assertThat(signedIn.status()).isEqualTo(302);
		assertStaysOnTheSite(signedIn.location());
		assertThat(signedIn.location()).startsWith("/account/sessions").doesNotContain("evil");
		assertThat(victim.get("/account/sessions").status()).isEqualTo(200);
	}

	@Test
	void sessionDonationNeverKeepsABrowserThatAcceptsCookiesInAUrlSession() {
		HttpUser attacker = newUserWithoutCookies();
		String attackerName = uniqueName("donor");
		attacker.register(attackerName, PASSWORD);
		String donated = attacker.sid();

		HttpUser victim = newUser();
		Response first = victim.get("/profile?sid=" + donated);
		String token = (first.status() == 200) ? first.csrfToken() : "none";

		Response second = victim.get("/profile?sid=" + donated);
		assertThat(second.status()).isEqualTo(302);
		assertThat(second.location()).isEqualTo("/profile");
		Response next = victim.get("/profile");
		assertThat(next.status()).isEqualTo(302);
		assertThat(next.location()).startsWith("/login");

		Response posted = victim.postForm("/profile?sid=" + donated, Map.of("displayName", "Typed by the victim",
				"email", "victim@example.com", "bio", "the victim's own words", "_csrf", token));
		assertThat(posted.status()).isNotEqualTo(200);
		assertThat(attacker.get("/profile").body()).contains("@" + attackerName).doesNotContain("Typed by the victim");
	}

	@Test
	void sessionDonationIsNotFollowedFromALinkOnAnotherSite() {
		HttpUser attacker = newUserWithoutCookies();
		String attackerName = uniqueName("donor");
		attacker.register(attackerName, PASSWORD);

		for (String site : new String[] { "cross-site", "same-site" }) {
			Response followed = newUser().send("GET", "/profile?sid=" + attacker.sid(), Map.of("Sec-Fetch-Site", site),
					null);
			assertThat(followed.status()).as(site).isEqualTo(302);
			assertThat(followed.location()).as(site).startsWith("/login");
		}
		Response ownLink = attacker.send("GET", "/profile", Map.of("Sec-Fetch-Site", "same-origin"), null);
		assertThat(ownLink.status()).isEqualTo(200);
		assertThat(ownLink.body()).contains("@" + attackerName);
	}

	@Test
	void sessionDonationOfACookieSessionThroughAUrlIsRefused() {
		HttpUser attacker = newUser();
		String attackerName = uniqueName("donor");
		attacker.register(attackerName, PASSWORD);
		String id = sessionId(attacker.sessionCookie().orElseThrow());

		for (HttpUser victim : new HttpUser[] { newUser(), newUserWithoutCookies() }) {
			Response profile = victim.get("/profile?sid=" + id);
			assertThat(profile.status()).isEqualTo(302);
			assertStaysOnTheSite(profile.location());
			assertThat(profile.location()).doesNotContain(id);
			assertThat(victim.get("/profile").status()).isEqualTo(302);
		}
		assertThat(attacker.get("/profile").body()).contains("@" + attackerName);
	}

	@Test
	void loginCsrfThroughAUrlNeverLeavesABrowserSignedIn() {
		String attackerName = uniqueName("planted");
		newUser().register(attackerName, PASSWORD);
		HttpUser attacker = newUserWithoutCookies();
		String token = attacker.get("/login").csrfToken();
		String planted = attacker.sid();

		HttpUser victim = newUser();
		Response signedIn = victim.postForm("/login?sid=" + planted,
				Map.of("username", attackerName, "password", PASSWORD, "_csrf", token));

		assertThat(signedIn.status()).isEqualTo(302);
		assertStaysOnTheSite(signedIn.location());
		assertThat(signedIn.headers("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("SESSION="));
		Response next = victim.get("/profile");
		assertThat(next.status()).isEqualTo(302);
		assertThat(next.location()).startsWith("/login");
	}

	static void assertStaysOnTheSite(String location) {
		if (location == null) {
			return;
		}
		assertThat(location).as("Location").startsWith("/");
		assertThat(location.length() > 1 && (location.charAt(1) == '/' || location.charAt(1) == '\\'))
			.as("Location %s names another host", location)
			.isFalse();
		assertThat(java.net.URI.create(location).getHost()).as("host of %s", location).isNull();
	}

}
