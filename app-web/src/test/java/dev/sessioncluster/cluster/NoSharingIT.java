package dev.sessioncluster.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem itself, on real processes ({@code CLUSTER_STRATEGY=none}): each replica
 * keeps its own sessions, nginx goes round-robin, and the first request that lands on
 * another replica finds no session there.
 */
class NoSharingIT {

	private static LocalCluster cluster;

	@BeforeAll
	static void up() {
		cluster = LocalCluster.startWithStrategy("none");
	}

	@AfterAll
	static void down() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void aVisitorIsSignedOutByTheFirstRequestThatLandsOnAnotherReplica() {
		String username = LocalTools.uniqueName("none");
		// Registered on app1 itself: through nginx, the form would be shown by one
		// replica
		// and posted to another, which knows nothing of its session and refuses it.
		HttpUser onApp1 = HttpUser.at(cluster.replicaPort(1));
		Response registered = onApp1.register(username, "a long enough password");
		assertThat(registered.status()).as(registered.body()).isEqualTo(302);
		String home = registered.servedBy();
		HttpUser user = onApp1.switchTo(cluster.port());

		Response elsewhere = null;
		for (int i = 0; i < 10 && elsewhere == null; i++) {
			Response response = user.get("/profile");
			if (home.equals(response.servedBy())) {
				assertThat(response.status()).as("on the replica that holds the session").isEqualTo(200);
			}
			else {
				elsewhere = response;
			}
		}

		assertThat(elsewhere).as("a request on another replica within 10 round-robin requests").isNotNull();
		assertThat(elsewhere.status()).isEqualTo(302);
		assertThat(elsewhere.location()).startsWith("/login");
	}

}
