package dev.sessioncluster.web.session;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.sessioncluster.web.session.nearcache.SessionNearCache;
import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each kind of request costs in Redis commands (deterministic, unlike timings):
 * static assets and anonymous public pages cost nothing, even with a session cookie, and
 * a signed-in page that changes nothing costs nothing while its session is in the
 * replica's near cache, and otherwise the one read that loads it.
 */
class RedisCommandCountTests extends RedisHttpTestSupport {

	@Autowired
	private SessionNearCache nearCache;

	@Test
	void staticAssetsCostNoRedisCommandEvenWithASessionCookie() {
		HttpUser user = newUser();
		user.register(uniqueName("assets"), "a long enough password");
		String css = user.get("/").body().replaceAll("(?s).*href=\"(/assets/css/app[^\"]*)\".*", "$1");
		assertThat(css).startsWith("/assets/css/app-");

		assertThat(commandsFor(() -> {
			for (int i = 0; i < 10; i++) {
				assertThat(user.get(css).status()).isEqualTo(200);
			}
		})).isZero();
	}

	@Test
	void anonymousPublicPagesCostNoRedisCommand() {
		assertThat(commandsFor(() -> {
			for (int i = 0; i < 10; i++) {
				assertThat(newUser().get("/").status()).isEqualTo(200);
			}
		})).isZero();
	}

	@Test
	void aSignedInPageThatChangesNothingIsServedFromTheNearCache() {
		HttpUser user = newUser();
		user.register(uniqueName("counted"), "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);

		// A pause longer than the lease (a GC, a busy machine) makes one request read the
		// session again; steady state is no command at all.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(commandCountsFor(() -> tenPages(user))).as(this.nearCache::toString).isEmpty());
	}

	@Test
	void aProfileUpdateCostsOneCheckedWriteAndAtMostOneRead() {
		HttpUser user = newUser();
		user.register(uniqueName("updated"), "a long enough password");
		Response form = user.get("/profile");

		// One round trip writes the flash message: EVALSHA of the script that runs
		// EXISTS,
		// HSET and PEXPIREAT (Redis counts those too) only if the session still exists;
		// HGETALL unless the session is still in the near cache.
		Map<String, Long> counts = commandCountsFor(() -> assertThat(updateProfile(user, form)).isEqualTo(302));
		assertThat(counts).containsAllEntriesOf(Map.of("evalsha", 1L, "exists", 1L, "hset", 1L, "pexpireat", 1L));
		assertThat(counts).containsOnlyKeys("evalsha", "exists", "hset", "pexpireat", "hgetall");
		assertThat(counts.getOrDefault("hgetall", 0L)).isLessThanOrEqualTo(1);
	}

	static void tenPages(HttpUser user) {
		for (int i = 0; i < 10; i++) {
			assertThat(user.get("/profile").status()).isEqualTo(200);
		}
	}

	static int updateProfile(HttpUser user, Response form) {
		String email = uniqueName("new") + "@example.com";
		return user
			.postForm("/profile", Map.of("displayName", "New Name", "email", email, "_csrf", form.csrfToken(),
					"_submission", form.submissionToken("/profile").orElseThrow()))
			.status();
	}

	private long commandsFor(Runnable requests) {
		return commandCountsFor(requests).values().stream().mapToLong(Long::longValue).sum();
	}

	private Map<String, Long> commandCountsFor(Runnable requests) {
		return commandCountsFor(this.redis, requests);
	}

	/**
	 * Redis commands run while the requests ran, by command. Not counted: what the near
	 * cache runs in the background whatever the requests: the GETs of its epoch key that
	 * renew its lease (the application reads no other string key on these requests), and
	 * every few seconds the INFO and CLIENT LIST that check its preconditions.
	 */
	static Map<String, Long> commandCountsFor(RedisConnectionFactory redis, Runnable requests) {
		try (RedisConnection connection = redis.getConnection()) {
			connection.serverCommands().resetConfigStats();
			requests.run();
			Properties stats = connection.serverCommands().info("commandstats");
			Map<String, Long> counts = new TreeMap<>();
			for (String name : stats.stringPropertyNames()) {
				String command = name.replace("cmdstat_", "");
				if (!command.startsWith("config") && !command.startsWith("client") && !command.equals("info")
						&& !command.equals("get")) {
					counts.put(command, Long.parseLong(stats.getProperty(name).replaceAll("^calls=(\\d+),.*", "$1")));
				}
			}
			return counts;
		}
	}

}
