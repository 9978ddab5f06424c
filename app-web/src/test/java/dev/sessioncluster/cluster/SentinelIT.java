package dev.sessioncluster.cluster;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The central store made highly available, on real processes
 * ({@code CLUSTER_STRATEGY=sentinel}): a replica and then the Redis primary SIGKILLed
 * under traffic. Sentinel promotes the Redis replica; requests during the failover may
 * fail (the replicas answer 503), but nobody is signed out and no acknowledged update is
 * lost.
 */
class SentinelIT {

	private static LocalCluster cluster;

	@BeforeAll
	static void up() {
		cluster = LocalCluster.startWithStrategy("sentinel");
	}

	@AfterAll
	static void down() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void killingAReplicaAndTheRedisPrimarySignsNobodyOutAndLosesNoAcknowledgedUpdate() throws Exception {
		String username = LocalTools.uniqueName("sentinel");
		HttpUser user = HttpUser.at(cluster.port());
		Response registered = user.register(username, "a long enough password");
		assertThat(registered.status()).as(registered.body()).isEqualTo(302);
		Traffic traffic = new Traffic(user, username).start();
		await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acknowledgedUpdates.get() >= 5);

		System.out.println(cluster.kill(2));
		String failover = cluster.redisKill();
		System.out.println(failover);
		assertThat(failover).contains("failover:");
		int acknowledged = traffic.acknowledgedUpdates.get();
		await().atMost(Duration.ofSeconds(90)).until(() -> traffic.acknowledgedUpdates.get() >= acknowledged + 20);
		traffic.stopAndWait();
		System.out.println("sentinel, SIGKILL app2 and the Redis primary: " + traffic.summary());

		assertThat(traffic.signedOut).as(traffic.summary()).hasValue(0);
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
		assertThat(user.get("/profile").body()).contains("@" + username);
	}

}
