package dev.sessioncluster.cluster;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;
import dev.sessioncluster.test.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product's promise on real processes: three replicas behind nginx, sessions in
 * Redis, and a replica that dies (SIGKILL) or stops (SIGTERM) fails no request and signs
 * nobody out; Redis away for a while signs nobody out. The cluster is the one
 * {@code deploy/local/cluster.sh} starts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

	private static final String PASSWORD = "a long enough password";

	private static LocalCluster cluster;

	@BeforeAll
	static void up() {
		cluster = LocalCluster.shared();
	}

	@Test
	@Order(1)
	void requestsAreSpreadOverTheReplicasAndTheAccessLogHasNoQueryStrings() throws Exception {
		HttpUser user = signedInUser(LocalTools.uniqueName("spread"));
		Set<String> replicas = new HashSet<>();
		for (int i = 0; i < 9; i++) {
			Response response = user.get("/profile?probe=" + i);
			assertThat(response.status()).isEqualTo(200);
			replicas.add(response.servedBy());
		}
		assertThat(replicas).containsExactlyInAnyOrder("app1", "app2", "app3");

		HttpUser cookieless = HttpUser.withoutCookies(cluster.port());
		cookieless.get("/login");
		String sid = cookieless.sid();
		assertThat(sid).isNotNull();
		String accessLog = Files.readString(cluster.runDir().resolve("nginx/access.log"));
		assertThat(accessLog).contains("GET /profile HTTP/1.1").doesNotContain("probe=").doesNotContain(sid);
	}

	/**
	 * A crash fails no request either: nginx passes what was in flight on the killed
	 * replica to the next one, form posts included, and a post that had already run there
	 * answers as it did without running again.
	 */
	@Test
	@Order(2)
	void killingAReplicaFailsNoRequestAndLogsNobodyOut() throws Exception {
		Traffic traffic = trafficThrough("SIGKILL", cluster::kill);

		assertThat(traffic.failed("GET")).as(traffic.summary()).isZero();
		assertThat(traffic.failed("POST")).as(traffic.summary()).isZero();
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
		assertThat(traffic.signedOut).as(traffic.summary()).hasValue(0);
	}

	@Test
	@Order(3)
	void aGracefulStopFailsNoRequest() throws Exception {
		Traffic traffic = trafficThrough("SIGTERM", cluster::stop);

		assertThat(traffic.failed("GET")).as(traffic.summary()).isZero();
		assertThat(traffic.failed("POST")).as(traffic.summary()).isZero();
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
	}

	/**
	 * A signed-in client sends GET, POST, GET on one session; once it is going, the
	 * replica that served its last request is taken down by {@code takeDown}; the client
	 * carries on for 20 more acknowledged updates. Afterwards the session still works,
	 * and the replica, started again, serves requests again.
	 */
	private static Traffic trafficThrough(String event, IntConsumer takeDown) throws InterruptedException {
		String username = LocalTools.uniqueName(event.toLowerCase(java.util.Locale.ROOT));
		HttpUser user = signedInUser(username);
		Traffic traffic = new Traffic(user, username).start();
		await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acknowledgedUpdates.get() >= 5);

		String victim = traffic.lastServedBy.get();
		takeDown.accept(LocalCluster.number(victim));
		int acknowledged = traffic.acknowledgedUpdates.get();
		await().atMost(Duration.ofSeconds(60)).until(() -> traffic.acknowledgedUpdates.get() >= acknowledged + 20);
		traffic.stopAndWait();
		System.out.println(event + " " + victim + ": " + traffic.summary());

		assertThat(user.get("/profile").body()).contains("@" + username);
		System.out.println(cluster.start(LocalCluster.number(victim)));
		awaitServedBy(user, victim);
		return traffic;
	}

	@Test
	@Order(4)
	void redisRestartKeepsEveryoneSignedIn() throws Exception {
		String username = LocalTools.uniqueName("redis");
		HttpUser user = signedInUser(username);

		cluster.redisStop();
		try {
			long started = System.nanoTime();
			Response down = user.get("/profile");
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			System.out.println("Redis down: /profile answered " + down.status() + " in " + took.toMillis() + " ms");
			assertThat(down.status()).isEqualTo(503);
			assertThat(down.body()).contains("Temporarily unavailable")
				.doesNotContain("Exception")
				.doesNotContain("at org.");
			assertThat(took).isLessThan(Duration.ofSeconds(5));

			HttpUser direct = HttpUser.at(cluster.replicaPort(1));
			Response health = direct.get("/actuator/health");
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.body()).contains("\"status\":\"DOWN\"");
		}
		finally {
			cluster.redisStart();
		}

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(user.get("/profile").body()).contains("@" + username));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(HttpUser.at(cluster.replicaPort(1)).get("/actuator/health").status())
				.isEqualTo(200));
	}

	@Test
	@Order(5)
	void generatedNginxConfigurationPassesNginxTest() throws Exception {
		Process test = new ProcessBuilder("nginx", "-t", "-q", "-p", cluster.runDir().resolve("nginx") + "/", "-c",
				cluster.runDir().resolve("nginx/nginx.conf").toString(), "-e",
				cluster.runDir().resolve("nginx/error.log").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(test.getInputStream().readAllBytes());
		assertThat(test.waitFor()).as(output).isZero();
	}

	private static void awaitServedBy(HttpUser user, String replica) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> replica.equals(user.get("/profile").servedBy()));
	}

	private static HttpUser signedInUser(String username) {
		HttpUser user = HttpUser.at(cluster.port());
		Response registered = user.register(username, PASSWORD);
		assertThat(registered.status()).as(registered.body()).isEqualTo(302);
		return user;
	}

}
