package dev.sessioncluster.web.session;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.test.SecondReplica;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code app.session.strategy=none} over real HTTP with two instances: each keeps its own
 * sessions in memory, so a visitor is signed out on the first request that reaches the
 * other one. The cluster tests show the same through a round-robin balancer.
 */
@TestPropertySource(properties = "app.session.strategy=none")
class NoSharingSessionsTests extends RedisHttpTestSupport {

	private static SecondReplica second;

	@BeforeAll
	static void startSecondInstance() {
		second = SecondReplica.start("app.session.strategy=none");
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void aVisitorSignedInOnOneReplicaIsSignedOutOnTheOther() {
		String username = uniqueName("none");
		HttpUser user = newUser();
		user.register(username, "a long enough password");
		Response here = user.get("/profile");
		assertThat(here.status()).isEqualTo(200);
		assertThat(here.body()).contains("Sessions: each replica&#39;s own memory, round-robin (not shared)");

		Response there = user.switchTo(second.port()).get("/profile");

		assertThat(there.servedBy()).isEqualTo(SecondReplica.ID);
		assertThat(there.status()).isEqualTo(302);
		assertThat(there.location()).startsWith("/login");
	}

}
