package dev.sessioncluster.web.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;

import dev.sessioncluster.web.session.nearcache.SessionNearCache;
import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The idle expiry in Redis is renewed once more than half the idle timeout (30 minutes)
 * has passed since the stored last access, and is still enforced. The tests age a real
 * session by rewriting its stored last access and TTL, as time would.
 */
class ExpiryRenewalTests extends RedisHttpTestSupport {

	@Autowired
	private SessionNearCache nearCache;

	@Test
	void aRequestWithinHalfTheIdleTimeoutWritesNothing() {
		HttpUser user = signedIn("fresh");
		String id = sessionId(user.sessionCookie().orElseThrow());
		long lastAccess = age(id, Duration.ofMinutes(10));

		assertThat(user.get("/profile").status()).isEqualTo(200);

		assertThat(storedLastAccess(id)).isEqualTo(lastAccess);
		assertThat(ttl(id)).isLessThanOrEqualTo(Duration.ofMinutes(20));
	}

	@Test
	void aRequestAfterHalfTheIdleTimeoutRenewsTheExpiry() {
		HttpUser user = signedIn("renewed");
		String id = sessionId(user.sessionCookie().orElseThrow());
		age(id, Duration.ofMinutes(16));

		assertThat(user.get("/profile").status()).isEqualTo(200);

		assertThat(storedLastAccess(id)).isCloseTo(System.currentTimeMillis(), within(10_000L));
		assertThat(ttl(id)).isGreaterThan(Duration.ofMinutes(29));
	}

	@Test
	void aSessionIdleForLongerThanTheTimeoutIsRefusedEvenBeforeRedisDropsIt() {
		HttpUser user = signedIn("idle");
		String id = sessionId(user.sessionCookie().orElseThrow());
		age(id, Duration.ofMinutes(31));
		setTtl(id, Duration.ofMinutes(5));

		HttpUser.Response response = user.get("/profile");

		assertThat(response.status()).isEqualTo(302);
		assertThat(response.location()).contains("/login");
		assertThat(sessionExists(id)).isFalse();
	}

	private HttpUser signedIn(String prefix) {
		HttpUser user = newUser();
		user.register(uniqueName(prefix), "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);
		return user;
	}

	/**
	 * Makes the stored session look last used {@code ago}: its last-access field and its
	 * TTL, as Spring Session writes them.
	 */
	private long age(String id, Duration ago) {
		long lastAccess = Instant.now().minus(ago).toEpochMilli();
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.hashCommands()
				.hSet(key(id), bytes("lastAccessedTime"), String.valueOf(lastAccess).getBytes(StandardCharsets.UTF_8));
			connection.keyCommands().pExpireAt(key(id), lastAccess + Duration.ofMinutes(30).toMillis());
		}
		// A write behind the application's back waits out the near cache's lease, as the
		// application's own writes do.
		this.nearCache.awaitCommit();
		return lastAccess;
	}

	private void setTtl(String id, Duration ttl) {
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.keyCommands().pExpire(key(id), ttl.toMillis());
		}
	}

	private long storedLastAccess(String id) {
		try (RedisConnection connection = this.redis.getConnection()) {
			return Long.parseLong(new String(connection.hashCommands().hGet(key(id), bytes("lastAccessedTime")),
					StandardCharsets.UTF_8));
		}
	}

	private Duration ttl(String id) {
		try (RedisConnection connection = this.redis.getConnection()) {
			return Duration.ofMillis(connection.keyCommands().pTtl(key(id)));
		}
	}

	private static byte[] key(String id) {
		return bytes(SESSION_KEY_PREFIX + id);
	}

}
