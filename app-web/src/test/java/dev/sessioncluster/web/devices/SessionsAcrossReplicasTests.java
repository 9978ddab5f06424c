package dev.sessioncluster.web.devices;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.test.SecondReplica;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Your sessions" and sign-in throttling across two replicas sharing Redis: what one
 * replica records or ends, the other sees at once.
 */
class SessionsAcrossReplicasTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final Pattern REVOKE = Pattern.compile("action=\"/account/sessions/([A-Za-z0-9_-]+)/revoke");

	private static SecondReplica second;

	@BeforeAll
	static void startSecondReplica() {
		second = SecondReplica.start();
	}

	@AfterAll
	static void stopSecondReplica() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void endingAnotherSessionSignsThatClientOut() {
		String username = uniqueName("alice");
		HttpUser first = newUser();
		first.register(username, PASSWORD);
		HttpUser other = HttpUser.at(secondPort());
		assertThat(other.signIn(username, PASSWORD).location()).isEqualTo("/profile");
		String otherId = sessionId(other.sessionCookie().orElseThrow());

		Response list = first.get("/account/sessions");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("This device").contains("replica-a").contains("replica-b");
		Matcher revoke = REVOKE.matcher(list.body());
		assertThat(revoke.find()).isTrue();
		String handle = revoke.group(1);
		assertThat(revoke.find()).as("one other session, one handle").isFalse();
		assertThat(list.body()).doesNotContain(otherId).doesNotContain(sessionId(first.sessionCookie().orElseThrow()));

		Response ended = first.submit("/account/sessions", "/account/sessions/" + handle + "/revoke", Map.of());
		assertThat(ended.location()).isEqualTo("/account/sessions");
		assertThat(first.get("/account/sessions").body()).contains("The session has been ended.");

		assertThat(other.get("/profile").location()).startsWith("/login");
		assertThat(first.get("/profile").status()).isEqualTo(200);
	}

	@Test
	void changingThePasswordEndsEveryOtherSession() {
		String username = uniqueName("bob");
		HttpUser first = newUser();
		first.register(username, PASSWORD);
		HttpUser other = HttpUser.at(secondPort());
		other.signIn(username, PASSWORD);
		assertThat(other.get("/profile").status()).isEqualTo(200);

		Response changed = first.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password"));

		assertThat(changed.location()).isEqualTo("/profile");
		assertThat(other.get("/profile").location()).startsWith("/login");
		assertThat(first.get("/profile").status()).isEqualTo(200);
	}

	@Test
	void endAllOthersKeepsOnlyTheCurrentSession() {
		String username = uniqueName("carol");
		HttpUser first = newUser();
		first.register(username, PASSWORD);
		HttpUser second = HttpUser.at(secondPort());
		second.signIn(username, PASSWORD);
		HttpUser third = newUser();
		third.signIn(username, PASSWORD);

		first.submit("/account/sessions", "/account/sessions/revoke-others", Map.of());

		assertThat(second.get("/profile").location()).startsWith("/login");
		assertThat(third.get("/profile").location()).startsWith("/login");
		Response list = first.get("/account/sessions");
		assertThat(REVOKE.matcher(list.body()).find()).isFalse();
		assertThat(list.body()).contains("This device");
	}

	@Test
	void signInIsThrottledAcrossReplicasPerUsername() {
		String username = uniqueName("dave");
		newUser().register(username, PASSWORD);

		for (int i = 0; i < 5; i++) {
			HttpUser attacker = (i % 2 == 0) ? newUser() : HttpUser.at(secondPort());
			assertThat(attacker.signIn(username, "wrong password " + i).location()).isEqualTo("/login?error");
		}

		Response refused = HttpUser.at(secondPort()).signIn(username, PASSWORD);
		assertThat(refused.location()).isEqualTo("/login?locked");
		assertThat(newUser().get("/login?locked").body()).contains("Too many failed sign-in attempts.");
		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/login?locked");
	}

	@Test
	void unknownAndKnownUsernamesGetTheSameAnswers() {
		String known = uniqueName("erin");
		newUser().register(known, PASSWORD);
		String unknown = uniqueName("nobody");

		for (int i = 0; i < 5; i++) {
			assertThat(newUser().signIn(known, "wrong").location()).isEqualTo("/login?error");
			assertThat(newUser().signIn(unknown, "wrong").location()).isEqualTo("/login?error");
		}
		assertThat(newUser().signIn(known, PASSWORD).location()).isEqualTo("/login?locked");
		assertThat(newUser().signIn(unknown, PASSWORD).location()).isEqualTo("/login?locked");
	}

	@Test
	void signInIsThrottledPerClientAddressWhateverTheUsername() {
		String address = "10.200." + (System.nanoTime() % 250) + ".7";
		for (int i = 0; i < 5; i++) {
			assertThat(newUser().from(address).signIn(uniqueName("guess"), "wrong").location())
				.isEqualTo("/login?error");
		}
		String username = uniqueName("grace");
		newUser().register(username, PASSWORD);

		assertThat(HttpUser.at(secondPort()).from(address).signIn(username, PASSWORD).location())
			.isEqualTo("/login?locked");
		assertThat(newUser().signIn(username, PASSWORD).location()).as("another address").isEqualTo("/profile");
	}

	@Test
	void successResetsTheUsernameCount() {
		String username = uniqueName("frank");
		newUser().register(username, PASSWORD);
		for (int i = 0; i < 4; i++) {
			newUser().signIn(username, "wrong");
		}
		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/profile");
		for (int i = 0; i < 4; i++) {
			assertThat(newUser().signIn(username, "wrong").location()).isEqualTo("/login?error");
		}
		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/profile");
	}

	private static int secondPort() {
		return second.port();
	}

}
