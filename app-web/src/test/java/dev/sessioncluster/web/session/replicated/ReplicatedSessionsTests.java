package dev.sessioncluster.web.session.replicated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalTools;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.test.SecondReplica;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code app.session.strategy=replicated} over real HTTP: two instances, each with its
 * embedded Hazelcast member, hold every session between them and none in Redis.
 */
class ReplicatedSessionsTests extends RedisHttpTestSupport {

	private static final int[] PORTS = freePorts();

	private static SecondReplica second;

	@DynamicPropertySource
	static void replication(DynamicPropertyRegistry registry) {
		registry.add("app.session.strategy", () -> "replicated");
		registry.add("app.session.replication.address", () -> "127.0.0.1");
		registry.add("app.session.replication.port", () -> PORTS[0]);
		registry.add("app.session.replication.members", ReplicatedSessionsTests::members);
	}

	@BeforeAll
	static void startSecondInstance() {
		second = SecondReplica.start("app.session.strategy=replicated", "app.session.replication.address=127.0.0.1",
				"app.session.replication.port=" + PORTS[1], "app.session.replication.members=" + members());
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void aSessionCreatedOnOneInstanceIsServedByTheOtherAndNotKeptInRedis() {
		String username = uniqueName("replicated");
		HttpUser user = newUser();
		assertThat(user.register(username, "a long enough password").servedBy()).isEqualTo("replica-a");
		String id = sessionId(user.sessionCookie().orElseThrow());

		Response profile = user.switchTo(second.port()).get("/profile");

		assertThat(profile.status()).isEqualTo(200);
		assertThat(profile.servedBy()).isEqualTo("replica-b");
		assertThat(profile.body()).contains("@" + username)
			.contains("Sessions: replicated to every replica (Hazelcast)");
		assertThat(sessionExists(id)).isFalse();
	}

	@Test
	void aChangeMadeOnOneInstanceShowsOnTheOthersNextPage() {
		HttpUser user = newUser();
		user.register(uniqueName("replicated-edit"), "a long enough password");
		Response form = user.get("/profile");

		Response updated = user.postForm("/profile",
				Map.of("displayName", "Renamed On A", "email", uniqueName("edited") + "@example.com", "_csrf",
						form.csrfToken(), "_submission", form.submissionToken("/profile").orElseThrow()));
		assertThat(updated.status()).isEqualTo(302);

		Response onB = user.switchTo(second.port()).get(updated.location());
		assertThat(onB.servedBy()).isEqualTo("replica-b");
		assertThat(onB.body()).contains("Renamed On A").contains("Your profile has been saved.");
	}

	@Test
	void signingOutOnOneInstanceSignsOutOnTheOther() {
		HttpUser user = newUser();
		user.register(uniqueName("replicated-out"), "a long enough password");
		assertThat(user.switchTo(second.port()).get("/profile").status()).isEqualTo(200);
		String cookie = user.sessionCookie().orElseThrow();

		assertThat(user.switchTo(this.port).signOut().location()).isEqualTo("/login?logout");

		Response replayed = HttpUser.at(second.port())
			.send("GET", "/profile", Map.of("Cookie", "SESSION=" + cookie), null);
		assertThat(replayed.status()).isEqualTo(302);
		assertThat(replayed.location()).startsWith("/login");
	}

	@Test
	void withoutCookiesTheSessionTravelsInUrlsToEitherInstance() {
		String username = uniqueName("replicated-url");
		newUser().register(username, "a long enough password");
		HttpUser user = newUserWithoutCookies();
		Response login = user.get("/login");

		Response signedIn = user.postForm("/login",
				Map.of("username", username, "password", "a long enough password", "_csrf", login.csrfToken()));
		assertThat(signedIn.location()).startsWith("/profile?sid=");

		Response onB = user.switchTo(second.port()).get(signedIn.location());
		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.body()).contains("@" + username);
	}

	private static String members() {
		return "127.0.0.1:" + PORTS[0] + ",127.0.0.1:" + PORTS[1];
	}

	private static int[] freePorts() {
		try {
			int first = LocalTools.freePort();
			int other;
			do {
				other = LocalTools.freePort();
			}
			while (other == first);
			return new int[] { first, other };
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
