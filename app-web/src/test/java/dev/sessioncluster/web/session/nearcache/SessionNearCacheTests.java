package dev.sessioncluster.web.session.nearcache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sessioncluster.test.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The near cache against a Redis server of this test's own: reads of a session are served
 * from memory, and any change made by another client (another replica) is seen by the
 * first read after the writer's commit wait, also when the cache's connection dropped
 * meanwhile or Redis was flushed.
 */
class SessionNearCacheTests {

	private static RedisServer redis;

	private static final Duration LEASE = Duration.ofMillis(200);

	private static final String PREFIX = "spring:session:sessions:";

	private static final String EPOCH_KEY = "spring:session:near-cache-epoch";

	private LettuceConnectionFactory factory;

	private SessionNearCache cache;

	private NearCachingConnectionFactory replica;

	/** Another replica: writes go to Redis without this cache's knowledge. */
	private RedisConnection other;

	/** Between the cache and Redis, in the tests that hold up what Redis sends. */
	private RedisRelay relay;

	/**
	 * Started per class run, not once per JVM: a mutation testing tool runs the class
	 * many times in one JVM, and ends a JVM whose test ran too long without running
	 * {@code @AfterAll}, hence the shutdown hook too.
	 */
	@BeforeAll
	static void startRedis() {
		RedisServer server = RedisServer.startRestartable();
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		redis = server;
	}

	@BeforeEach
	void start() {
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.factory.afterPropertiesSet();
		this.other = this.factory.getConnection();
		this.other.serverCommands().flushAll();
		useCache(() -> cacheWithLease(LEASE));
	}

	@AfterEach
	void stop() {
		this.other.close();
		this.cache.close();
		if (this.relay != null) {
			this.relay.close();
		}
		this.factory.destroy();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void aSessionReadTwiceIsReadFromRedisOnce() {
		long before = this.cache.beforeRead();
		write("a", "user", "alice");
		// Redis pushes the write's invalidation: once it has arrived, no late push can
		// stop the first read from being cached.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.beforeRead() != before);
		this.other.serverCommands().resetConfigStats();

		assertThat(read("a")).containsEntry("user", "alice");
		assertThat(read("a")).containsEntry("user", "alice");

		assertThat(hgetallCalls()).isEqualTo(1);
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void aSessionInTheCacheIsReadWithoutTakingAConnectionFromTheFactory() {
		// Written before the cache starts tracking: no invalidation of it can race the
		// first read. And a lease that cannot lapse between the reads, however busy the
		// machine.
		write("i", "user", "alice");
		useCache(() -> cacheWithLease(Duration.ofSeconds(5)));
		AtomicInteger opened = new AtomicInteger();
		NearCachingConnectionFactory replica = new NearCachingConnectionFactory(
				new CountingConnectionFactory(this.factory, opened), this.cache);
		// As Spring Session reads a session: a template with string keys.
		StringRedisTemplate template = new StringRedisTemplate(replica);

		for (int read = 0; read < 3; read++) {
			assertThat(template.opsForHash().entries(PREFIX + "i")).containsEntry("user", "alice");
		}

		assertThat(opened).as("the first read only").hasValue(1);
		template.opsForValue().set(PREFIX + "j", "a write");
		assertThat(opened).as("every command but a cached read").hasValue(2);
	}

	@Test
	void aClosedConnectionRefusesCommandsEvenForCachedSessions() {
		write("k", "user", "alice");
		assertThat(read("k")).containsEntry("user", "alice");
		RedisConnection connection = this.replica.getConnection();
		connection.close();

		assertThat(connection.isClosed()).isTrue();
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> connection.hGetAll(key("k")));
	}

	@Test
	void anIdleReplicaLetsItsLeaseLapseAndRenewsItWhenUsedAgain() {
		write("h", "user", "alice");
		assertThat(read("h")).containsEntry("user", "alice");

		await().atMost(Duration.ofSeconds(10)).until(() -> !this.cache.leaseCurrent());
		this.other.serverCommands().resetConfigStats();
		assertThat(read("h")).as("read from Redis").containsEntry("user", "alice");
		assertThat(hgetallCalls()).isEqualTo(1);

		awaitLease();
		assertThat(read("h")).as("from the cache again").containsEntry("user", "alice");
		assertThat(hgetallCalls()).isEqualTo(1);
	}

	@Test
	void aFullCacheStartsOver() {
		write("p1", "user", "alice");
		write("p2", "user", "bob");
		write("p3", "user", "carol");
		useCache(() -> new SessionNearCache(RedisURI.create(redis.host(), redis.port()), null, PREFIX, EPOCH_KEY, LEASE,
				2, this::serverId, new ManualClock()));

		read("p1");
		read("p2");
		assertThat(this.cache.size()).isEqualTo(2);
		read("p3");

		assertThat(this.cache.size()).isEqualTo(1);
		assertThat(this.cache.lookup(key("p3"))).isNotNull();
	}

	@Test
	void keysOutsideTheSessionPrefixAreNotKept() {
		// Redis sends no invalidation for them.
		this.other.hashCommands().hSet(bytes("other:key"), bytes("field"), bytes("value"));
		this.other.serverCommands().resetConfigStats();

		readKey("other:key");
		readKey("other:key");

		assertThat(hgetallCalls()).isEqualTo(2);
	}

	/**
	 * What the commit wait is for, with time and order in the test's hands: the
	 * invalidation of another replica's write is held up on its way to this cache, and
	 * the cache's lease runs out only when the test's clock moves. Without the wait, the
	 * read after the write is answered from the cache, every time.
	 */
	@Test
	void aChangeByAnotherReplicaIsSeenOnceTheWritersCommitWaitIsOverThoughItsInvalidationIsHeldUp() {
		// Written before the cache tracks: no invalidation of it can arrive late.
		write("b", "user", "alice");
		ManualClock clock = new ManualClock();
		useCache(() -> cacheBehindRelay(clock));
		awaitCached("b");

		this.relay.holdWhatRedisSends();
		write("b", "user", "bob");
		this.cache.awaitCommit();

		assertThat(read("b")).containsEntry("user", "bob");
	}

	@Test
	void theCommitWaitIsOneLeaseAndAMarginForClocksThatRunAtDifferentRates() {
		ManualClock clock = new ManualClock();
		useCache(() -> cacheWithLease(LEASE, clock));
		long start = clock.nanoTime();

		this.cache.awaitCommit();

		assertThat(Duration.ofNanos(clock.nanoTime() - start))
			.isEqualTo(LEASE.plus(LEASE.dividedBy(20)).plus(Duration.ofMillis(1)));
	}

	/**
	 * A cache whose renewals go unanswered (a stalled connection) serves its copies until
	 * its lease is over and not a nanosecond longer: the window a writer's commit wait
	 * covers.
	 */
	@Test
	void withItsRenewalsUnansweredTheCacheServesNothingOnceItsLeaseIsOver() {
		write("x", "user", "alice");
		ManualClock clock = new ManualClock();
		useCache(() -> cacheBehindRelay(clock));
		awaitCached("x");

		this.relay.holdWhatRedisSends();
		write("x", "user", "bob");
		clock.advance(LEASE.minusNanos(1));
		assertThat(this.cache.leaseCurrent()).isTrue();
		assertThat(read("x")).as("within the lease, the invalidation still on its way").containsEntry("user", "alice");

		clock.advance(Duration.ofNanos(1));
		assertThat(this.cache.leaseCurrent()).isFalse();
		assertThat(read("x")).as("read from Redis").containsEntry("user", "bob");
	}

	@Test
	void aSessionDeletedByAnotherReplicaIsGoneForTheNextRead() {
		write("c", "user", "alice");
		assertThat(read("c")).isNotEmpty();

		this.other.keyCommands().del(key("c"));
		this.cache.awaitCommit();

		assertThat(read("c")).isEmpty();
	}

	/**
	 * A read sent before a change and answered with the old value, whose invalidation
	 * reached the cache before the answer did. The clock stands still, so only the
	 * invalidation can have removed the cached copy.
	 */
	@Test
	void aReadThatAnInvalidationOvertookIsNotKept() {
		write("d", "user", "alice");
		useCache(() -> cacheWithLease(LEASE, new ManualClock()));
		awaitCached("d");
		long token = this.cache.beforeRead();
		Map<byte[], byte[]> stale = this.other.hashCommands().hGetAll(key("d"));
		write("d", "user", "bob");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.cache.lookup(key("d")) == null);

		this.cache.store(key("d"), stale, token);

		assertThat(this.cache.lookup(key("d"))).isNull();
		assertThat(this.cache.size()).isZero();
		assertThat(read("d")).containsEntry("user", "bob");
	}

	/** The other order: the answer is stored first, the invalidation arrives after. */
	@Test
	void anInvalidationThatArrivesAfterARacingReadWasStoredRemovesIt() {
		write("r", "user", "alice");
		useCache(() -> cacheBehindRelay(new ManualClock()));
		this.relay.holdWhatRedisSends();
		long token = this.cache.beforeRead();
		Map<byte[], byte[]> stale = this.other.hashCommands().hGetAll(key("r"));
		write("r", "user", "bob");

		this.cache.store(key("r"), stale, token);
		assertThat(this.cache.lookup(key("r"))).as("stored: the invalidation is still on its way").isNotNull();
		this.relay.release();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.cache.lookup(key("r")) == null);
		assertThat(read("r")).containsEntry("user", "bob");
	}

	@Test
	void whenItsConnectionDropsTheCacheForgetsEverythingAndRecovers() {
		write("e", "user", "alice");
		assertThat(read("e")).containsEntry("user", "alice");

		killNearCacheConnection();
		// Invalidations sent while the connection is down are lost.
		write("e", "user", "bob");
		this.cache.awaitCommit();
		assertThat(read("e")).containsEntry("user", "bob");

		awaitLease();
		assertThat(read("e")).containsEntry("user", "bob");
		write("e", "user", "carol");
		this.cache.awaitCommit();
		assertThat(read("e")).as("tracking is on again after the reconnect").containsEntry("user", "carol");
	}

	/**
	 * The invalidations a dropped connection misses must not be papered over by the
	 * reconnect: once the connection is back and its lease renewed, nothing cached before
	 * the drop is served. The clock stands still, so the old lease never lapses by itself
	 * and only the drop can have emptied the cache.
	 */
	@Test
	void aSessionChangedWhileTheConnectionWasDownIsNotServedFromBeforeTheDrop() {
		write("u", "user", "alice");
		ManualClock clock = new ManualClock();
		useCache(() -> cacheBehindRelay(clock));
		awaitCached("u");

		this.relay.cut();
		write("u", "user", "bob");
		this.relay.reconnect();

		awaitLease();
		assertThat(this.cache.lookup(key("u"))).as("kept from before the drop").isNull();
		assertThat(read("u")).containsEntry("user", "bob");
		assertThat(this.relay.connections()).as("the dropped connection came back, and no other was opened")
			.isEqualTo(1);
	}

	/**
	 * Redis names no keys when a database is flushed, whichever it is: the cache drops
	 * everything. Database 1 is flushed here, so the sessions and the epoch in database 0
	 * stay, no read finds a key gone, and the clock stands still: only the invalidation
	 * can empty the cache.
	 */
	@Test
	void anInvalidationThatNamesNoKeysDropsEverything() {
		write("w", "user", "alice");
		write("v", "user", "bob");
		useCache(() -> cacheWithLease(LEASE, new ManualClock()));
		awaitCached("w");
		awaitCached("v");

		RedisClient client = RedisClient.create(RedisURI.create("redis://" + redis.host() + ":" + redis.port() + "/1"));
		try (StatefulRedisConnection<String, String> databaseOne = client.connect()) {
			databaseOne.sync().flushdb();
		}
		finally {
			client.shutdown();
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.cache.size() == 0);
		assertThat(read("w")).as("still in Redis").containsEntry("user", "alice");
	}

	@Test
	void flushingRedisEmptiesTheCache() {
		write("f", "user", "alice");
		assertThat(read("f")).isNotEmpty();

		this.other.serverCommands().flushAll();
		this.cache.awaitCommit();

		assertThat(read("f")).isEmpty();
	}

	@Test
	void aSwapOfDatabasesIsNoticedWithinALeaseThoughRedisSendsNoInvalidation() {
		write("s", "user", "alice");
		awaitCached("s");

		this.other.execute("SWAPDB", bytes("0"), bytes("1"));

		await().atMost(Duration.ofSeconds(2)).until(() -> read("s").isEmpty());
		await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> read("s").isEmpty());
	}

	@Test
	void aSessionMovedToAnotherDatabaseIsGoneForTheNextRead() {
		write("m", "user", "alice");
		awaitCached("m");

		this.other.execute("MOVE", key("m"), bytes("1"));
		this.cache.awaitCommit();

		assertThat(read("m")).isEmpty();
	}

	@Test
	void aReadThatFindsTheSessionGoneDropsTheCachedCopy() {
		// A copy of a session Redis does not have, as a lost invalidation would leave.
		this.cache.store(key("n"), Map.of(bytes("user"), bytes("alice")), this.cache.beforeRead());
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.cache.leaseCurrent());

		assertThat(read("n")).as("read from Redis").isEmpty();

		awaitLease();
		assertThat(read("n")).as("not from the cache either").isEmpty();
	}

	@Test
	void otherCommandsAndErrorsPassThrough() {
		try (RedisConnection connection = this.replica.getConnection()) {
			connection.stringCommands().set(key("g"), bytes("not a hash"));
			assertThat(connection.stringCommands().get(key("g"))).isEqualTo(bytes("not a hash"));
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> connection.hashCommands().hGetAll(key("g")));
		}
	}

	private void killNearCacheConnection() {
		RedisClient client = RedisClient.create("redis://" + redis.host() + ":" + redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Matcher matcher = Pattern.compile("id=(\\d+) [^\\n]* name=" + SessionNearCache.CLIENT_NAME + "/\\d+ ")
				.matcher(connection.sync().clientList());
			assertThat(matcher.find()).as("the near cache's connection is listed").isTrue();
			assertThat(connection.sync().clientKill(KillArgs.Builder.id(Long.parseLong(matcher.group(1)))))
				.isEqualTo(1);
		}
		finally {
			client.shutdown();
		}
	}

	/** A replica in use renews its lease; one that is idle lets it lapse. */
	@Test
	void aReplicaWithAnotherLeaseRunsWithoutItsCacheAndStillWaitsOutThePublishedLease() {
		try (SessionNearCache second = cacheWithLease(Duration.ofMillis(100))) {
			// Not just any reason: "not checked yet" is one, until the first check.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(second.offReason()).contains("another replica uses a lease of 200 ms")
					.contains("this one 100 ms"));
			assertThat(second.leaseCurrent()).isFalse();
			NearCachingConnectionFactory secondReplica = new NearCachingConnectionFactory(this.factory, second);
			write("l", "user", "alice");
			this.other.serverCommands().resetConfigStats();
			for (int read = 0; read < 3; read++) {
				assertThat(read(secondReplica, PREFIX + "l")).containsEntry("user", "alice");
			}
			assertThat(hgetallCalls()).as("every read goes to Redis").isEqualTo(3);
			assertThat(second.size()).isZero();

			long start = System.nanoTime();
			second.awaitCommit();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the commit wait covers the published lease")
				.isGreaterThanOrEqualTo(Duration.ofMillis(200));
			assertThat(this.cache.offReason()).as("the replica whose lease is in force keeps its cache").isNull();
		}
	}

	@Test
	void aTrackingConnectionToAnotherServerThanTheReadsTurnsTheCacheOff() {
		try (SessionNearCache elsewhere = new SessionNearCache(RedisURI.create(redis.host(), redis.port()), null,
				PREFIX, EPOCH_KEY, Duration.ofMillis(200), 100, () -> "the-run-id-of-another-server")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(elsewhere.offReason())
					.contains("the session reads reach the-run-id-of-another-server"));
			assertThat(elsewhere.leaseCurrent()).isFalse();
		}
	}

	private SessionNearCache cacheWithLease(Duration lease) {
		return cacheWithLease(lease, SessionNearCache.LeaseClock.SYSTEM);
	}

	private SessionNearCache cacheWithLease(Duration lease, SessionNearCache.LeaseClock clock) {
		return new SessionNearCache(RedisURI.create(redis.host(), redis.port()), null, PREFIX, EPOCH_KEY, lease, 100,
				this::serverId, clock);
	}

	/** A cache whose connection goes through {@link #relay}, with the usual lease. */
	private SessionNearCache cacheBehindRelay(ManualClock clock) {
		this.relay = RedisRelay.to(redis.host(), redis.port());
		return new SessionNearCache(RedisURI.create(this.relay.host(), this.relay.port()), null, PREFIX, EPOCH_KEY,
				LEASE, 100, this::serverId, clock);
	}

	/**
	 * Replaces the cache this replica reads through, and waits for its lease. The old one
	 * is closed first: while its connection is listed, a new cache with another lease
	 * would find the old one's lease in force and stay off for a precondition period.
	 */
	private void useCache(Supplier<SessionNearCache> newCache) {
		if (this.cache != null) {
			this.cache.close();
		}
		SessionNearCache cache = newCache.get();
		this.cache = cache;
		this.replica = new NearCachingConnectionFactory(this.factory, cache);
		awaitLease();
	}

	private String serverId() {
		try (RedisConnection connection = this.factory.getConnection()) {
			return connection.serverCommands().info("server").getProperty("run_id");
		}
	}

	private void awaitLease() {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.cache.lookup(key("any"));
			return this.cache.leaseCurrent();
		});
	}

	/** The invalidation of the write may reach the cache after the first read. */
	private void awaitCached(String id) {
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			read(id);
			return this.cache.lookup(key(id)) != null;
		});
	}

	private void write(String id, String field, String value) {
		this.other.hashCommands().hSet(key(id), bytes(field), bytes(value));
	}

	private Map<String, String> read(String id) {
		return readKey(PREFIX + id);
	}

	private Map<String, String> readKey(String key) {
		return read(this.replica, key);
	}

	private Map<String, String> read(NearCachingConnectionFactory replica, String key) {
		try (RedisConnection connection = replica.getConnection()) {
			Map<byte[], byte[]> hash = connection.hGetAll(bytes(key));
			Map<String, String> read = new TreeMap<>();
			hash.forEach((field, value) -> read.put(string(field), string(value)));
			return read;
		}
	}

	private long hgetallCalls() {
		Properties stats = this.other.serverCommands().info("commandstats");
		String hgetall = stats.getProperty("cmdstat_hgetall");
		return (hgetall != null) ? Long.parseLong(hgetall.replaceAll("^calls=(\\d+),.*", "$1")) : 0;
	}

	/**
	 * Stands still until a test moves it; the commit wait moves it by as long as it
	 * waits.
	 */
	private static final class ManualClock implements SessionNearCache.LeaseClock {

		private final AtomicLong now = new AtomicLong(System.nanoTime());

		@Override
		public long nanoTime() {
			return this.now.get();
		}

		@Override
		public void park(long nanos) {
			this.now.addAndGet(nanos);
		}

		void advance(Duration duration) {
			this.now.addAndGet(duration.toNanos());
		}

	}

	/** Counts the connections taken from a factory. */
	private record CountingConnectionFactory(RedisConnectionFactory factory,
			AtomicInteger opened) implements RedisConnectionFactory {

		@Override
		public RedisConnection getConnection() {
			this.opened.incrementAndGet();
			return this.factory.getConnection();
		}

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return this.factory.getConvertPipelineAndTxResults();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			return this.factory.getClusterConnection();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			return this.factory.getSentinelConnection();
		}

		@Override
		public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return this.factory.translateExceptionIfPossible(ex);
		}

	}

	private static byte[] key(String id) {
		return bytes(PREFIX + id);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
