package dev.sessioncluster.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo of the README on a real Docker engine: {@code docker-compose.yml} as it is,
 * built and started, then the promise checked through nginx on the published port. A
 * replica killed or stopped signs nobody out, Redis restarts on its append-only file, and
 * PostgreSQL comes back. Runs wherever an engine answers; elsewhere it skips with the
 * reason, except where {@code SC_REQUIRE_DOCKER=true} (CI), where it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {

	private static final String PASSWORD = "a long enough password";

	private static final List<String> REPLICAS = List.of("app1", "app2", "app3");

	/** The image docker-compose.yml builds and tags. */
	private static final String IMAGE = "session-cluster:latest";

	/**
	 * Longer than the image's health check start period (15 minutes): three replicas
	 * starting at once on two very busy cores took 11 to 12 minutes here.
	 */
	private static final Duration UP = Duration.ofMinutes(17);

	/**
	 * Traffic on two very busy cores (load average 40-70) ran at a few requests a second.
	 */
	private static final Duration WARM_UP = Duration.ofMinutes(5);

	private static ComposeProject project;

	/** Why Docker cannot run the project here, or {@code null}. */
	private static String unavailable;

	private static int port;

	private static HttpUser alice;

	@BeforeAll
	static void up() throws Exception {
		port = LocalTools.freePort();
		String name = "sc-it-" + UUID.randomUUID().toString().substring(0, 8);
		try {
			project = ComposeProject.create(name, port);
		}
		catch (ComposeProject.Unavailable ex) {
			String message = ex.getMessage();
			if (ComposeProject.dockerRequired()) {
				throw new IllegalStateException(message, ex);
			}
			// Each test reports itself skipped with this reason (an abort here would
			// count none).
			System.out.println("ComposeIT skips: " + message);
			unavailable = message;
			return;
		}
		print("Project " + name + " on port " + port + ", load average " + loadAverage());
		String cacheBefore = buildCacheSize();
		long built = timed(() -> project.composeOrFail(Duration.ofMinutes(20), "build"));
		long rebuilt = timed(() -> project.composeOrFail(Duration.ofMinutes(10), "build"));
		print("Build with the build cache at " + cacheBefore + ": " + built + " s; again, warm: " + rebuilt + " s");
		long started = timed(() -> {
			project.composeOrFail(UP, "up", "-d");
			project.awaitHealthy(UP, List.of("redis", "postgres", "app1", "app2", "app3", "nginx"));
			return "";
		});
		print("Up -d until every container is healthy: " + started + " s, load average " + loadAverage()
				+ " (up --build from that cache: " + (built + started) + " s; from a warm cache: " + (rebuilt + started)
				+ " s)");
	}

	@BeforeEach
	void requireDocker() {
		Assumptions.assumeTrue(unavailable == null, unavailable);
	}

	@AfterAll
	static void down() {
		if (project != null) {
			project.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
		}
	}

	@Test
	@Order(1)
	void theImageRunsAsAnUnprivilegedUser() {
		assertThat(project.docker("image", "inspect", "--format", "{{.Config.User}}", IMAGE)).isEqualTo("10001:10001");
		assertThat(project.docker("exec", project.containerId("app1"), "id", "-u")).isEqualTo("10001");
		long bytes = Long.parseLong(project.docker("image", "inspect", "--format", "{{.Size}}", IMAGE));
		print("Image " + IMAGE + ": " + (bytes / 1_000_000) + " MB");
	}

	@Test
	@Order(2)
	void signInThroughNginxAndRoundRobin() {
		alice = HttpUser.at(port);
		Response signedIn = await().atMost(WARM_UP)
			.ignoreExceptions()
			.until(() -> alice.signIn("alice", "alice-password"), (response) -> response.status() != 503);
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
		assertThat(signedIn.location()).isEqualTo("/profile");
		// Each replica's first pages (templates, JIT) take long on a busy machine: warm
		// all
		// three up before counting.
		Set<String> warm = new HashSet<>();
		await().atMost(WARM_UP).ignoreExceptions().until(() -> {
			warm.add(alice.get("/profile").servedBy());
			return warm.containsAll(REPLICAS);
		});

		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Response page = alice.get("/profile");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("@alice");
			servedBy.add(page.servedBy());
		}
		print("Six reloads served by " + servedBy);
		assertThat(new LinkedHashSet<>(servedBy)).containsExactlyInAnyOrderElementsOf(REPLICAS);
	}

	@Test
	@Order(3)
	void killingTheServingReplicaSignsNobodyOut() throws Exception {
		String username = LocalTools.uniqueName("kill");
		HttpUser user = registered(username);
		Traffic traffic = new Traffic(user, username).start();
		await().atMost(WARM_UP).until(() -> traffic.acknowledgedUpdates.get() >= 5);
		String victim = traffic.lastServedBy.get();

		project.composeOrFail(Duration.ofMinutes(1), "kill", victim);
		int acknowledged = traffic.acknowledgedUpdates.get();
		await().atMost(WARM_UP).until(() -> traffic.acknowledgedUpdates.get() >= acknowledged + 20);
		traffic.stopAndWait();
		print("SIGKILL " + victim + ": " + traffic.summary());

		assertThat(traffic.failed("GET")).as(traffic.summary()).isZero();
		assertThat(traffic.failed("POST")).as(traffic.summary()).isZero();
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
		for (int i = 0; i < 12; i++) {
			assertThat(alice.get("/profile").body()).contains("@alice");
		}

		long started = System.nanoTime();
		project.composeOrFail(Duration.ofMinutes(1), "start", victim);
		await().atMost(UP).pollInterval(Duration.ofMillis(250)).until(() -> victim.equals(servedBy(alice)));
		print("Start " + victim + ": serving through nginx after " + seconds(started) + " s");
	}

	@Test
	@Order(4)
	void restartingRedisKeepsTheSession() {
		project.composeOrFail(Duration.ofMinutes(2), "restart", "redis");
		Response page = await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> alice.get("/profile"), (response) -> response.status() != 503);
		assertThat(page.status()).as("still signed in after a Redis restart").isEqualTo(200);
		assertThat(page.body()).contains("@alice");
	}

	@Test
	@Order(5)
	void afterAPostgresRestartSigningInWorksAgain() {
		project.composeOrFail(Duration.ofMinutes(2), "restart", "postgres");
		long restarted = System.nanoTime();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Response signedIn = HttpUser.at(port).signIn("bob", "bob-password");
			assertThat(signedIn.location()).isEqualTo("/profile");
		});
		print("PostgreSQL restarted: signing in works again after " + seconds(restarted) + " s");
		assertThat(alice.get("/profile").body()).contains("@alice");
	}

	@Test
	@Order(6)
	void aGracefulStopUnderLoadFailsNoRequest() throws Exception {
		String username = LocalTools.uniqueName("sigterm");
		HttpUser user = registered(username);
		Traffic traffic = new Traffic(user, username).start();
		await().atMost(WARM_UP).until(() -> traffic.acknowledgedUpdates.get() >= 5);
		String victim = traffic.lastServedBy.get();

		long stopping = System.nanoTime();
		project.composeOrFail(Duration.ofMinutes(1), "stop", victim);
		long stopped = seconds(stopping);
		int acknowledged = traffic.acknowledgedUpdates.get();
		await().atMost(WARM_UP).until(() -> traffic.acknowledgedUpdates.get() >= acknowledged + 20);
		traffic.stopAndWait();
		print("SIGTERM " + victim + " (stopped in " + stopped + " s): " + traffic.summary());

		assertThat(traffic.failed("GET")).as(traffic.summary()).isZero();
		assertThat(traffic.failed("POST")).as(traffic.summary()).isZero();
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
		assertThat(user.get("/profile").body()).contains("@" + username);
	}

	@Test
	@Order(7)
	void downLeavesNothingBehind() {
		project.composeOrFail(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
		assertThat(project.leftovers()).as("containers, networks and volumes of " + project.name()).isEmpty();
	}

	private static HttpUser registered(String username) {
		HttpUser user = HttpUser.at(port);
		Response registered = user.register(username, PASSWORD);
		assertThat(registered.status()).as(registered.body()).isEqualTo(302);
		return user;
	}

	private static String servedBy(HttpUser user) {
		try {
			return user.get("/profile").servedBy();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String buildCacheSize() {
		return project.docker("system", "df", "--format", "{{.Type}}: {{.Size}}")
			.lines()
			.filter((line) -> line.startsWith("Build Cache"))
			.map((line) -> line.substring(line.indexOf(':') + 2))
			.findFirst()
			.orElse("unknown");
	}

	private static String loadAverage() {
		try {
			return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

	private static long timed(Supplier<String> step) {
		long started = System.nanoTime();
		step.get();
		return seconds(started);
	}

	private static long seconds(long startedNanos) {
		return Math.round((System.nanoTime() - startedNanos) / 1e9);
	}

	private static void print(String line) {
		System.out.println("compose: " + line);
	}

}
