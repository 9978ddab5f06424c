package dev.sessioncluster.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The strategies' override files ({@code deploy/strategies/*.yml}) on a real Docker
 * engine, each over {@code docker-compose.yml} as a user runs it, checked through nginx
 * on the published port: under sticky balancing a killed replica signs out its own
 * visitors only; under replication two replicas killed at once sign nobody out; under
 * Sentinel the Redis primary killed under load signs nobody out and loses no acknowledged
 * update. Skips without an engine, like {@link ComposeIT}, except where
 * {@code SC_REQUIRE_DOCKER=true} (CI).
 */
class ComposeStrategiesIT {

	/** As in {@link ComposeIT}: the image may have to be built first. */
	private static final Duration UP = Duration.ofMinutes(25);

	private static final List<String> SERVICES = List.of("redis", "postgres", "app1", "app2", "app3", "nginx");

	private ComposeProject project;

	private int port;

	@AfterEach
	void down() {
		if (this.project != null) {
			this.project.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
		}
	}

	@Test
	void stickyKillingAReplicaSignsOutItsVisitorsOnly() throws IOException {
		up("deploy/strategies/sticky.yml");
		List<Visitor> visitors = Visitor.register(this.port, "sticky", 6);
		assertThat(visitors.get(0).page().body()).contains("each replica&#39;s own memory, sticky balancing");
		assertThat(visitors.stream().map(Visitor::route).distinct()).as("sessions made round-robin")
			.hasSizeGreaterThan(1);
		for (Visitor visitor : visitors) {
			assertThat(visitor.user().get("/profile").servedBy()).as("the replica named by the session id")
				.isEqualTo(visitor.route());
		}
		String victim = visitors.get(0).route();

		this.project.composeOrFail(Duration.ofMinutes(1), "kill", victim);

		for (Visitor visitor : visitors) {
			Response profile = visitor.user().get("/profile");
			if (visitor.route().equals(victim)) {
				assertThat(profile.status()).as(visitor.username() + " was on " + victim).isEqualTo(302);
				assertThat(profile.location()).startsWith("/login");
				assertThat(profile.servedBy()).isNotEqualTo(victim);
			}
			else {
				assertThat(profile.status()).as(visitor.username() + " was on " + visitor.route()).isEqualTo(200);
				assertThat(profile.servedBy()).isEqualTo(visitor.route());
				assertThat(profile.body()).contains("@" + visitor.username());
			}
		}
	}

	@Test
	void replicatedTwoReplicasKilledSignNobodyOut() throws IOException {
		up("deploy/strategies/replicated.yml");
		List<Visitor> visitors = Visitor.register(this.port, "replicated", 6);
		assertThat(visitors.get(0).page().body()).contains("replicated to every replica (Hazelcast)");

		this.project.composeOrFail(Duration.ofMinutes(1), "kill", "app1", "app3");

		for (Visitor visitor : visitors) {
			Response profile = visitor.user().get("/profile");
			assertThat(profile.status()).as(visitor.username() + ", made on " + visitor.route()).isEqualTo(200);
			assertThat(profile.body()).contains("@" + visitor.username());
			assertThat(profile.servedBy()).isEqualTo("app2");
		}
	}

	@Test
	void sentinelKillingTheRedisPrimaryUnderLoadSignsNobodyOut() throws Exception {
		up("deploy/strategies/sentinel.yml");
		assertThat(primary()).isEqualTo("redis");
		// The Sentinels learn of the replica from the primary, within ten seconds of its
		// start: only then can they promote it.
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> sentinel("sentinel", "replicas", "sessioncluster").contains("redis-replica"));
		Traffic traffic = Traffic.ofNewVisitor(this.port, "sentinel");
		assertThat(traffic.user().get("/profile").body()).contains("highly available (Redis Sentinel)");

		long killed = System.nanoTime();
		this.project.composeOrFail(Duration.ofMinutes(1), "kill", "redis");
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> "redis-replica".equals(primary()));
		long promoted = (System.nanoTime() - killed) / 1_000_000;
		traffic.stopAfter(20, Duration.ofMinutes(2));
		System.out.println("compose sentinel: redis-replica seen as the primary " + promoted + " ms after the kill; "
				+ traffic.summary());

		assertThat(traffic.signedOut).as(traffic.summary()).hasValue(0);
		assertThat(traffic.lostUpdates).as(traffic.summary()).hasValue(0);
		assertThat(traffic.user().get("/profile").body()).contains("@" + traffic.username());
	}

	private void up(String override) throws IOException {
		this.port = LocalTools.freePort();
		String name = "sc-it-" + UUID.randomUUID().toString().substring(0, 8);
		this.project = ComposeProject.createOrSkip(name, this.port, override);
		// --build: the image has a fixed tag, and one left from an earlier build may be
		// here.
		this.project.composeOrFail(UP, "up", "-d", "--build");
		this.project.awaitHealthy(UP, SERVICES);
	}

	/** The primary's host name, as the first Sentinel knows it. */
	private String primary() {
		return sentinel("sentinel", "get-master-addr-by-name", "sessioncluster").lines()
			.map(String::strip)
			.filter((line) -> line.equals("redis") || line.equals("redis-replica"))
			.findFirst()
			.orElse("");
	}

	/** What the first Sentinel answers to the command, or nothing when it cannot. */
	private String sentinel(String... command) {
		List<String> args = new ArrayList<>(List.of("exec", "-T", "sentinel1", "redis-cli", "-p", "26379"));
		args.addAll(List.of(command));
		ComposeProject.Result answer = this.project.compose(Duration.ofSeconds(30), args.toArray(String[]::new));
		return answer.ok() ? answer.output() : "";
	}

	/**
	 * A visitor who registered through nginx, and the replica named at the end of its
	 * session id (sticky), or else the one that served its first profile page.
	 */
	private record Visitor(HttpUser user, String username, String route, Response page) {

		static List<Visitor> register(int port, String prefix, int count) {
			List<Visitor> visitors = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				visitors.add(register(port, prefix));
			}
			return visitors;
		}

		static Visitor register(int port, String prefix) {
			String username = LocalTools.uniqueName(prefix);
			HttpUser user = HttpUser.at(port);
			Response registered = user.register(username, "a long enough password");
			assertThat(registered.status()).as(registered.body()).isEqualTo(302);
			Response page = user.get("/profile");
			assertThat(page.status()).isEqualTo(200);
			String id = user.sessionCookie().orElseThrow();
			String route = id.contains(".") ? id.substring(id.lastIndexOf('.') + 1) : page.servedBy();
			return new Visitor(user, username, route, page);
		}

	}

}
