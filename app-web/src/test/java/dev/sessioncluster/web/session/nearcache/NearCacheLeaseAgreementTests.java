package dev.sessioncluster.web.session.nearcache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.test.SecondReplica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas started with different {@code app.session.near-cache.lease} values: the
 * second runs without its cache and says why, in its health details; the first, whose
 * lease is in force, keeps its cache.
 */
class NearCacheLeaseAgreementTests extends RedisHttpTestSupport {

	@Test
	void aReplicaStartedWithAnotherLeaseRunsWithoutItsCacheAndSaysWhy() {
		HttpUser first = newUser();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(first.get("/actuator/health/near-cache").body()).contains("\"state\":\"on\""));

		try (SecondReplica second = SecondReplica.start("app.session.near-cache.lease=80ms")) {
			HttpUser onSecond = HttpUser.at(second.port());
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(onSecond.get("/actuator/health/near-cache").body())
					.contains("\"state\":\"off\"")
					.contains("another replica uses a lease of 40 ms")
					.contains("this one 80 ms"));
			assertThat(first.get("/actuator/health/near-cache").body()).contains("\"state\":\"on\"");
		}
	}

}
