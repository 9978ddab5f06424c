package dev.sessioncluster.web.urlsession;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie fallback over real HTTP against Redis: a visitor whose browser refuses
 * cookies stays signed in through the {@code sid} parameter, and every edge case is
 * treated as "no session", never as an error.
 */
@ExtendWith(OutputCaptureExtension.class)
class UrlSessionHttpTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@Test
	void wholeJourneyWorksWithoutCookies(CapturedOutput output) {
		HttpUser user = newUserWithoutCookies();
		String username = uniqueName("urlmode");

		Response registered = user.register(username, PASSWORD);
		assertThat(registered.status()).isEqualTo(302);
		assertThat(registered.location()).startsWith("/profile?sid=");

		Response profile = user.get("/profile");
		assertThat(profile.status()).isEqualTo(200);
		assertThat(profile.body()).contains("@" + username).contains("Cookies are off");
		assertThat(profile.body()).contains("href=\"/account/password?sid=" + user.sid() + "\"");
		assertThat(profile.body()).containsPattern("href=\"/assets/css/app-[0-9a-f]+\\.css\"");

		Response saved = user.submit("/profile", "/profile",
				Map.of("displayName", "Cookieless Carol", "email", username + "@example.com", "bio", "No cookies"));
		assertThat(saved.location()).startsWith("/profile?sid=");
		assertThat(user.get("/profile").body()).contains("Cookieless Carol").contains("Your profile has been saved.");

		Response changed = user.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "another long password"));
		assertThat(changed.location()).startsWith("/profile?sid=");

		String signedInSid = user.sid();
		Response signedOut = user.signOut();
		assertThat(signedOut.location()).isEqualTo("/login?logout");

		Response oldUrl = newUserWithoutCookies().get("/profile?sid=" + signedInSid);
		assertThat(oldUrl.status()).isEqualTo(302);
		assertThat(oldUrl.location()).startsWith("/login").doesNotContain(signedInSid);
		assertThat(sessionExists(signedInSid)).isFalse();

		assertThat(newUserWithoutCookies().signIn(username, "another long password").location())
			.startsWith("/profile?sid=");
		assertThat(output).doesNotContain(signedInSid);
	}

	@Test
	void idChangesAtSignInAndTheNextUrlCarriesTheNewOne() {
		String username = uniqueName("rotate");
		newUser().register(username, PASSWORD);
		HttpUser user = newUserWithoutCookies();

		Response login = user.get("/login");
		String before = user.sid();
		assertThat(login.body()).contains("action=\"/login?sid=" + before + "\"");

		Response signedIn = user.signIn(username, PASSWORD);

		assertThat(signedIn.location()).startsWith("/profile?sid=");
		assertThat(user.sid()).isNotEqualTo(before);
		assertThat(sessionExists(before)).isFalse();
		assertThat(newUserWithoutCookies().get("/profile?sid=" + before).location()).startsWith("/login");
		assertThat(user.get("/profile").status()).isEqualTo(200);
	}

	@Test
	void urlModeSessionsGetTheShorterIdleTimeout() {
		HttpUser cookieless = newUserWithoutCookies();
		cookieless.register(uniqueName("idle-url"), PASSWORD);
		cookieless.get("/profile");
		HttpUser withCookies = newUser();
		withCookies.register(uniqueName("idle-cookie"), PASSWORD);
		withCookies.get("/profile");

		assertThat(maxInactiveInterval(cookieless.sid())).isEqualTo("600");
		assertThat(maxInactiveInterval(sessionId(withCookies.sessionCookie().orElseThrow()))).isEqualTo("1800");
	}

	@Test
	void cookieWinsOverAConflictingSid() {
		HttpUser alice = newUser();
		String aliceName = uniqueName("cookie-alice");
		alice.register(aliceName, PASSWORD);
		HttpUser bob = newUserWithoutCookies();
		String bobName = uniqueName("url-bob");
		bob.register(bobName, PASSWORD);

		Response get = alice.get("/profile?sid=" + bob.sid());
		assertThat(get.status()).isEqualTo(302);
		assertThat(get.location()).isEqualTo("/profile");
		assertThat(alice.get("/profile").body()).contains("@" + aliceName).doesNotContain(bobName);

		Response post = alice.submit("/profile", "/profile?sid=" + bob.sid(),
				Map.of("displayName", "Alice Cookie", "email", aliceName + "@example.com", "bio", ""));
		assertThat(post.location()).isEqualTo("/profile");
		assertThat(bob.get("/profile").body()).contains("User " + bobName).doesNotContain("Alice Cookie");
	}

	@Test
	void withCookiesUrlsAreCleanOnceTheCookieComesBack() {
		HttpUser user = newUser();
		String username = uniqueName("clean");
		Response firstLogin = user.get("/login");
		// Nothing is known on the first response: the form carries the id, and a cookie
		// is offered.
		assertThat(firstLogin.body()).contains("action=\"/login?sid=");
		assertThat(firstLogin.headers("Set-Cookie")).isNotEmpty();

		Response register = user.get("/register");
		assertThat(register.body()).doesNotContain("sid=");
		user.register(username, PASSWORD);
		Response profile = user.get("/profile");
		assertThat(profile.body()).doesNotContain("sid=").doesNotContain("Cookies are off");
	}

	@Test
	void unknownForgedGarbageAndHugeIdsAreNoSession() {
		String[] forged = { "00000000-0000-4000-8000-000000000000", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%3Cscript%3E",
				"..%2F..%2Fetc%2Fpasswd", "%00%00%00", "'%20OR%201=1--", "x".repeat(10 * 1024), "" };
		for (String sid : forged) {
			Response profile = newUserWithoutCookies().get("/profile?sid=" + sid);
			assertThat(profile.status()).as(sid).isEqualTo(302);
			assertThat(profile.location()).as(sid).startsWith("/login");

			Response home = newUserWithoutCookies().get("/?sid=" + sid);
			assertThat(home.status()).as(sid).isEqualTo(200);
			assertThat(home.body()).doesNotContain("Exception");
		}
	}

	@Test
	void aClientChosenIdNeverBecomesTheSessionId() {
		String chosen = "c0ffee00-0000-4000-8000-00000000beef";

		HttpUser user = newUserWithoutCookies();
		Response login = user.get("/login?sid=" + chosen);

		assertThat(login.status()).isEqualTo(200);
		assertThat(user.sid()).isNotNull().isNotEqualTo(chosen);
		assertThat(login.body()).doesNotContain(chosen);
		assertThat(sessionExists(chosen)).isFalse();
	}

	@Test
	void responsesNeverSendTheAddressToOtherSites() {
		assertThat(newUserWithoutCookies().get("/login").header("Referrer-Policy")).contains("no-referrer");
	}

	private String maxInactiveInterval(String sessionId) {
		return sessionHash(sessionId).entrySet()
			.stream()
			.filter((e) -> new String(e.getKey()).equals("maxInactiveInterval"))
			.map((e) -> new String(e.getValue()))
			.findFirst()
			.orElseThrow();
	}

}
