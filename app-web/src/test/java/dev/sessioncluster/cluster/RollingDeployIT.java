package dev.sessioncluster.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling deploy under load: {@code cluster.sh rolling} restarts the three replicas one
 * by one onto a release while signed-in visitors keep reading and saving their profile.
 * No request fails, no acknowledged update is lost, and nobody is signed out. The release
 * is a copy of the build under test: what is exercised here is the roll (drain, graceful
 * stop, start, nginx taking the replica back); that one release reads the sessions of the
 * previous one is {@code SessionFormatCompatibilityTests}'.
 */
class RollingDeployIT {

	private static final String PASSWORD = "a long enough password";

	private static LocalCluster cluster;

	@BeforeAll
	static void up() {
		cluster = LocalCluster.shared();
	}

	@Test
	void aRollingDeployFailsNoRequestAndSignsNobodyOut() throws Exception {
		List<Traffic> visitors = new ArrayList<>();
		List<HttpUser> users = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String username = LocalTools.uniqueName("rolling");
			HttpUser user = HttpUser.at(cluster.port());
			assertThat(user.register(username, PASSWORD).status()).isEqualTo(302);
			users.add(user);
			names.add(username);
			visitors.add(new Traffic(user, username).start());
		}
		for (Traffic visitor : visitors) {
			await().atMost(Duration.ofSeconds(60)).until(() -> visitor.acknowledgedUpdates.get() >= 3);
		}

		String printed;
		try {
			printed = cluster.rolling(cluster.jar());
			List<Integer> acknowledged = visitors.stream().map((v) -> v.acknowledgedUpdates.get()).toList();
			for (int i = 0; i < visitors.size(); i++) {
				Traffic visitor = visitors.get(i);
				int before = acknowledged.get(i);
				await().atMost(Duration.ofSeconds(60)).until(() -> visitor.acknowledgedUpdates.get() >= before + 5);
			}
		}
		finally {
			for (Traffic visitor : visitors) {
				visitor.stopAndWait();
				System.out.println("rolling deploy: " + visitor.summary());
			}
		}

		System.out.print(printed);
		int failed = 0;
		int signedOut = 0;
		for (Traffic visitor : visitors) {
			failed += visitor.failed("GET") + visitor.failed("POST");
			signedOut += visitor.signedOut.get();
			assertThat(visitor.lostUpdates).as(visitor.summary()).hasValue(0);
		}
		System.out.println("rolling deploy: " + failed + " failed requests, " + signedOut + " signed out");
		assertThat(failed).isZero();
		assertThat(signedOut).isZero();
		Set<String> replicas = new HashSet<>();
		for (int i = 0; i < users.size(); i++) {
			for (int page = 0; page < 3; page++) {
				Response response = users.get(i).get("/profile");
				assertThat(response.body()).contains("@" + names.get(i));
				replicas.add(response.servedBy());
			}
		}
		assertThat(replicas).containsExactlyInAnyOrder("app1", "app2", "app3");
	}

}
