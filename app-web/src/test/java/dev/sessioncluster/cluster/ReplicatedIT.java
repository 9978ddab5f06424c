package dev.sessioncluster.cluster;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicated sessions on real processes ({@code CLUSTER_STRATEGY=replicated}): every
 * replica holds every session, so a replica SIGKILLed under traffic signs nobody out and
 * loses no acknowledged profile update, and a replica started again gets the sessions
 * from the others.
 */
class ReplicatedIT {

	private static LocalCluster cluster;

	@BeforeAll
	static void up() {
		cluster = LocalCluster.startWithStrategy("replicated");
	}

	@AfterAll
	static void down() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void killingAReplicaSignsNobodyOutAndLosesNoAcknowledgedUpdate() throws Exception {
		Traffic traffic = Traffic.ofNewVisitor(cluster.port(), "replicated");

		System.out.println(cluster.kill(2));
		traffic.stopAfter(20, Duration.ofSeconds(90));
		System.out.println("replicated, SIGKILL app2: " + traffic.summary());

		assertThat(traffic.signedOut).as(traffic.summary()).hasValue(0);
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);

		System.out.println(cluster.start(2));
		Response onTheRestarted = HttpUser.at(cluster.replicaPort(2))
			.send("GET", "/profile", Map.of("Cookie", "SESSION=" + traffic.user().sessionCookie().orElseThrow()), null);
		assertThat(onTheRestarted.status()).as("app2, started again, has the session").isEqualTo(200);
		assertThat(onTheRestarted.body()).contains("@" + traffic.username());
	}

}
