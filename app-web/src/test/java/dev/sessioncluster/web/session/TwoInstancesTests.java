package dev.sessioncluster.web.session;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.test.SecondReplica;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application on different ports share one Redis (and one database):
 * a session created on one is served by the other, which is the whole point of the
 * product.
 */
class TwoInstancesTests extends RedisHttpTestSupport {

	private static SecondReplica second;

	@BeforeAll
	static void startSecondInstance() {
		second = SecondReplica.start();
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void sessionCreatedOnOneInstanceIsServedByTheOther() {
		String username = uniqueName("shared");
		HttpUser user = newUser();
		Response registered = user.register(username, "a long enough password");
		assertThat(registered.servedBy()).isEqualTo("replica-a");

		Response profile = user.switchTo(secondPort()).get("/profile");

		assertThat(profile.status()).isEqualTo(200);
		assertThat(profile.servedBy()).isEqualTo("replica-b");
		assertThat(profile.body()).contains("@" + username).contains("Served by replica-b");
	}

	@Test
	void signOutOnOneInstanceSignsOutEverywhere() {
		HttpUser user = newUser();
		user.register(uniqueName("shared-out"), "a long enough password");
		// The second instance now holds the session in its near cache.
		assertThat(user.switchTo(secondPort()).get("/profile").status()).isEqualTo(200);
		assertThat(user.get("/profile").status()).isEqualTo(200);
		String cookie = user.sessionCookie().orElseThrow();

		assertThat(user.switchTo(this.port).signOut().location()).isEqualTo("/login?logout");

		// Someone who kept the old cookie (another tab, a copied cookie) is refused on
		// the
		// other instance's very next request, although it had the session in memory.
		HttpUser.Response replayed = HttpUser.at(secondPort())
			.send("GET", "/profile", Map.of("Cookie", "SESSION=" + cookie), null);
		assertThat(replayed.servedBy()).isEqualTo("replica-b");
		assertThat(replayed.status()).isEqualTo(302);
		assertThat(replayed.location()).startsWith("/login");
		assertThat(user.switchTo(this.port).get("/profile").location()).startsWith("/login").doesNotContain("error");
	}

	@Test
	void aChangeMadeOnOneInstanceShowsOnTheOthersNextPage() {
		HttpUser user = newUser();
		user.register(uniqueName("shared-edit"), "a long enough password");
		assertThat(user.switchTo(secondPort()).get("/profile").body()).doesNotContain("Renamed On A");
		Response form = user.switchTo(this.port).get("/profile");

		Response updated = user.postForm("/profile",
				Map.of("displayName", "Renamed On A", "email", uniqueName("edited") + "@example.com", "_csrf",
						form.csrfToken(), "_submission", form.submissionToken("/profile").orElseThrow()));
		assertThat(updated.status()).isEqualTo(302);

		Response onB = user.switchTo(secondPort()).get(updated.location());
		assertThat(onB.servedBy()).isEqualTo("replica-b");
		assertThat(onB.body()).contains("Renamed On A").contains("Your profile has been saved.");
	}

	/**
	 * The contract's curl walk-through without a cookie jar, across two instances.
	 */
	@Test
	void browserWithoutCookiesSignsInThroughUrlsOnEitherInstance() {
		String username = uniqueName("nocookie");
		newUser().register(username, "a long enough password");
		HttpUser user = newUserWithoutCookies();

		Response login = user.get("/login");
		String firstSid = user.sid();
		assertThat(login.body()).contains("action=\"/login?sid=" + firstSid + "\"");

		Response signedIn = user.postForm("/login",
				Map.of("username", username, "password", "a long enough password", "_csrf", login.csrfToken()));
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.location()).startsWith("/profile?sid=").doesNotContain(firstSid);

		Response onB = user.switchTo(secondPort()).get(signedIn.location());
		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.servedBy()).isEqualTo("replica-b");
		assertThat(onB.body()).contains("@" + username).contains("Cookies are off");

		Response onA = user.switchTo(this.port).get(signedIn.location());
		assertThat(onA.status()).isEqualTo(200);
		assertThat(onA.servedBy()).isEqualTo("replica-a");
	}

	private static int secondPort() {
		return second.port();
	}

}
