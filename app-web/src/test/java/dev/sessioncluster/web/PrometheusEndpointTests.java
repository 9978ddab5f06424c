package dev.sessioncluster.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.PrometheusScrape;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} after a scripted journey over real HTTP: each series named
 * in docs/observability.md is there, tagged with the replica, and moved by exactly what
 * the journey did.
 */
class PrometheusEndpointTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@BeforeEach
	void redisAnnouncesExpiries() {
		// As both deployments configure their Redis.
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.serverCommands().setConfig("notify-keyspace-events", "Ex");
		}
	}

	@Test
	void seriesFollowTheJourney() {
		PrometheusScrape before = scrape();

		String username = uniqueName("metrics");
		HttpUser first = newUser();
		assertThat(first.register(username, PASSWORD).location()).isEqualTo("/profile");
		assertThat(first.signOut().location()).isEqualTo("/login?logout");
		assertThat(first.signIn(username, PASSWORD).location()).isEqualTo("/profile");
		first.get("/profile");
		first.get("/profile");

		HttpUser second = newUser();
		assertThat(second.signIn(username, "not the password").location()).isEqualTo("/login?error");
		assertThat(second.signIn(username, PASSWORD).location()).isEqualTo("/profile");
		String revokedCookie = second.sessionCookie().orElseThrow();
		assertThat(first.submit("/account/sessions", "/account/sessions/revoke-others", Map.of()).status())
			.isEqualTo(302);
		assertThat(sessionExists(sessionId(revokedCookie))).isFalse();

		HttpUser guesser = newUser().from("198.51.100.41");
		String nobody = uniqueName("nobody");
		for (int i = 0; i < 5; i++) {
			assertThat(guesser.signIn(nobody, "guess " + i).location()).isEqualTo("/login?error");
		}
		assertThat(guesser.signIn(nobody, "guess 5").location()).isEqualTo("/login?locked");

		String expiring = sessionId(guesser.sessionCookie().orElseThrow());
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.keyCommands().pExpire(bytes(SESSION_KEY_PREFIX + expiring), 1);
		}

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			// A read of the key expires it at once, as a visitor's next request would;
			// left alone, it expires whenever Redis's sampling of keys with a time to
			// live happens to pick it, which among many keys can take longer than this.
			try (RedisConnection connection = this.redis.getConnection()) {
				connection.keyCommands().exists(bytes(SESSION_KEY_PREFIX + expiring));
			}
			PrometheusScrape after = scrape();
			assertThat(after.delta(before, "sessions_expired_total")).isEqualTo(1);
		});
		PrometheusScrape after = scrape();
		// register, sign in again after signing out, and the two other visitors
		assertThat(after.delta(before, "sessions_started_total")).isEqualTo(4);
		assertThat(after.delta(before, "sessions_ended_total", "reason", "sign-out")).isEqualTo(1);
		assertThat(after.delta(before, "sessions_ended_total", "reason", "revoked")).isEqualTo(1);
		assertThat(after.delta(before, "sign_ins_total", "outcome", "success")).isEqualTo(2);
		assertThat(after.delta(before, "sign_ins_total", "outcome", "failure")).isEqualTo(6);
		assertThat(after.delta(before, "sign_ins_total", "outcome", "throttled")).isEqualTo(1);
		assertThat(after.delta(before, "http_server_requests_seconds_count", "uri", "/profile"))
			.isGreaterThanOrEqualTo(2);
		assertThat(after.delta(before, "session_near_cache_lookups_total")).isPositive();
		assertThat(after.value("sessions_active")).isPositive();
		assertThat(after.labelsByName()).containsKeys("session_near_cache_entries",
				"session_near_cache_commit_wait_seconds_count", "lettuce_seconds_count");
	}

	@Test
	void everySeriesNamesTheReplica() {
		newUser().get("/login");

		PrometheusScrape scrape = scrape();

		assertThat(scrape.samples().keySet()).isNotEmpty()
			.allSatisfy((series) -> assertThat(series).contains("replica=\""));
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(this.port);
	}

}
