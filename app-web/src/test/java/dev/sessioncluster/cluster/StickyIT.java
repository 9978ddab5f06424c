package dev.sessioncluster.cluster;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sticky balancing on real processes ({@code CLUSTER_STRATEGY=sticky}): nginx sends every
 * request of a session to the replica named at the end of its id, so each visitor stays
 * signed in while that replica lives; when it dies, its visitors, and only they, are
 * signed out.
 */
class StickyIT {

	private static LocalCluster cluster;

	@BeforeAll
	static void up() {
		cluster = LocalCluster.startWithStrategy("sticky");
	}

	@AfterAll
	static void down() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void onlyTheDeadReplicasVisitorsAreSignedOut() {
		List<Visitor> visitors = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String username = LocalTools.uniqueName("sticky");
			HttpUser user = HttpUser.at(cluster.port());
			Response registered = user.register(username, "a long enough password");
			assertThat(registered.status()).as(registered.body()).isEqualTo(302);
			String route = user.sessionCookie().orElseThrow().replaceFirst("^.*\\.", "");
			visitors.add(new Visitor(user, username, route));
		}
		assertThat(visitors).extracting(Visitor::route).as("sessions made round-robin").contains("app1", "app2");
		for (Visitor visitor : visitors) {
			for (int i = 0; i < 3; i++) {
				Response profile = visitor.user().get("/profile");
				assertThat(profile.status()).isEqualTo(200);
				assertThat(profile.servedBy()).as("every request on the session's replica").isEqualTo(visitor.route());
			}
		}

		System.out.println(cluster.kill(2));

		for (Visitor visitor : visitors) {
			Response profile = visitor.user().get("/profile");
			if (visitor.route().equals("app2")) {
				assertThat(profile.status()).as(visitor.username() + " was on app2").isEqualTo(302);
				assertThat(profile.location()).startsWith("/login");
				assertThat(profile.servedBy()).isIn("app1", "app3");
			}
			else {
				assertThat(profile.status()).as(visitor.username() + " was on " + visitor.route()).isEqualTo(200);
				assertThat(profile.servedBy()).isEqualTo(visitor.route());
				assertThat(profile.body()).contains("@" + visitor.username());
			}
		}
	}

	private record Visitor(HttpUser user, String username, String route) {
	}

}
