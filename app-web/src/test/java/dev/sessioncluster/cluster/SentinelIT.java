package dev.sessioncluster.cluster;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.LocalCluster;

import static org.assertj.core.api.Assertions.assertThat;

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
		Traffic traffic = Traffic.ofNewVisitor(cluster.port(), "sentinel");

		System.out.println(cluster.kill(2));
		String failover = cluster.redisKill();
		System.out.println(failover);
		assertThat(failover).contains("failover:");
		traffic.stopAfter(20, Duration.ofSeconds(90));
		System.out.println("sentinel, SIGKILL app2 and the Redis primary: " + traffic.summary());

		assertThat(traffic.signedOut).as(traffic.summary()).hasValue(0);
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
		assertThat(traffic.user().get("/profile").body()).contains("@" + traffic.username());
	}

}
