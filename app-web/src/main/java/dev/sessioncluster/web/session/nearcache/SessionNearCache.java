package dev.sessioncluster.web.session.nearcache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the session hashes this replica has read from Redis, so that a signed-in request
 * that changes nothing usually costs no Redis round trip at all, while every change to a
 * session (a sign-out, a session ended from another device, a new attribute) is still
 * seen by the very next request on every replica.
 * <p>
 * Two mechanisms make that hold:
 * <ul>
 * <li><b>Invalidation.</b> A dedicated RESP3 connection turns on Redis's server-assisted
 * client-side caching in broadcast mode for the session key prefix
 * ({@code CLIENT TRACKING ON BCAST PREFIX spring:session:sessions:}): whenever any client
 * changes, renames, deletes or expires a session key, Redis pushes the key's name to this
 * connection, and the cached copy is dropped. When the connection drops, invalidations
 * may be lost, so the whole cache is dropped with it and nothing is cached again until
 * tracking is back on.</li>
 * <li><b>A lease, and a wait on every write.</b> Invalidations travel asynchronously, so
 * on their own a replica might serve a session a few microseconds after another replica
 * deleted it. To rule that out, the replica sends a command (a {@code GET} of the epoch
 * key, below) on the same connection every quarter lease while it serves requests (an
 * idle replica lets its lease lapse, and its next request reads from Redis); replies
 * arrive in order after any invalidation Redis sent before them, so the reply proves the
 * replica has heard of every change made before the command was sent. The cache is used
 * only while the last such proof is younger than the lease. Every write to a session then
 * waits one lease (and a little) before its response goes out ({@link #awaitCommit()},
 * the "commit wait" of lease-based caches). Any request that starts after that response
 * is answered from a proof younger than the write, which means after the invalidation:
 * revocation stays immediate, at the price of one lease of latency on requests that write
 * their session (sign-in, sign-out, a profile update; not on the pages that only read
 * it). Every replica must use the same lease.</li>
 * </ul>
 * A read that races with an invalidation is not cached: the cache remembers how many
 * invalidations it has applied when the read starts, and drops what it stored if that
 * number has moved by the time the reply is stored. A read that finds the key gone drops
 * the cached copy, whatever the cache heard.
 * <p>
 * Redis sends no invalidation when the data under the connection is replaced wholesale
 * without a flush: {@code SWAPDB} (measured on Redis 7.0; {@code FLUSHDB} and
 * {@code FLUSHALL} do send one, and so does {@code MOVE} for the moved key). So the lease
 * is renewed with a {@code GET} of an epoch key (a random value created once per
 * database, outside the session prefix) instead of a bare {@code PING}: its reply is
 * ordered after the invalidations just the same, and a value other than the one the cache
 * has seen (another database's, or none) drops every cached session and renews no lease
 * until the epoch is stable again. A swapped database is noticed within one lease. A
 * failover to another server closes the connection, which drops the cache as well.
 * <p>
 * The cache serves nothing until its preconditions are checked, and checks them again
 * every few seconds: Redis accepted tracking; the tracking connection reaches the very
 * server the application's reads reach (the same {@code run_id}); and every replica uses
 * the same lease. For the last, each replica names its tracking connection after its
 * lease ({@code session-near-cache/40000} for 40 ms, in microseconds), so
 * {@code CLIENT LIST} shows the lease of every live replica and a name goes away with its
 * connection. The lease of the oldest connection (the lowest id) is in force; a replica
 * with another lease runs without its cache and says why ({@link #offReason()}), while
 * its writes still wait out the longest lease listed, so that the replicas that do cache
 * stay correct.
 */
public final class SessionNearCache implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SessionNearCache.class);

	/**
	 * Shown by {@code CLIENT LIST}, followed by {@code /} and the lease in microseconds,
	 * so that operators can tell the connection apart and replicas can see each other's
	 * lease.
	 */
	static final String CLIENT_NAME = "session-near-cache";

	private static final Duration IDLE_AFTER = Duration.ofSeconds(1);

	/** How fresh the record of the last use must be, to tell busy from idle. */
	private static final long USE_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

	private static final Duration TRACKING_RETRY_DELAY = Duration.ofSeconds(5);

	/** How often the preconditions are checked again while tracking is on. */
	private static final long CHECK_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(5);

	private static final String NOT_CHECKED = "its preconditions have not been checked yet";

	private final RedisURI redis;

	private final RedisClient client;

	private final String keyPrefix;

	private final Supplier<String> readServerId;

	private final byte[] epochKey;

	/** The epoch value of the database the cached sessions came from; guarded by this. */
	private volatile byte[] epoch;

	private final LeaseClock clock;

	private final long leaseNanos;

	private final long commitWaitNanos;

	/** The commit wait for the longest lease of any live replica. */
	private volatile long longestCommitWaitNanos;

	/** Why the cache serves nothing, or {@code null} while its preconditions hold. */
	private volatile String offReason = NOT_CHECKED;

	/** When the preconditions are due to be checked again; on the scheduler thread. */
	private volatile long nextCheck;

	private final int maxEntries;

	private final Map<String, Map<byte[], byte[]>> entries = new ConcurrentHashMap<>();

	/** After how long without a lookup the lease is left to lapse. */
	private final long idleNanos;

	private final LookupCounts lookups = new LookupCounts();

	private final CommitWaits commitWaits = new CommitWaits();

	/**
	 * Incremented before every invalidation is applied, and when the connection drops.
	 */
	private final AtomicLong invalidations = new AtomicLong();

	private final ScheduledExecutorService scheduler;

	private final RedisConnectionStateListener disconnects = new RedisConnectionStateListener() {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			if (handler == SessionNearCache.this.connection) {
				disconnected();
			}
		}

	};

	private volatile StatefulRedisConnection<byte[], byte[]> connection;

	/** Incremented on every disconnect: replies from before it prove nothing. */
	private long generation;

	private volatile boolean tracking;

	/** A CLIENT TRACKING command is on its way; guarded by this. */
	private boolean trackingRequested;

	/** After Redis refused tracking, when to ask again; guarded by this. */
	private long nextTrackingAttempt;

	/** The {@link LeaseClock} time until which cached sessions may be served. */
	private volatile long leaseUntil;

	private volatile boolean warnedTrackingRefused;

	/** When a session was last looked up: an idle replica stops renewing its lease. */
	private volatile long lastUsed;

	/** After a failed attempt, when to try connecting again. */
	private volatile long nextConnect;

	/** A lease-renewing command has not been answered yet. */
	private volatile boolean renewalInFlight;

	/**
	 * Starts connecting and renewing the lease in the background, on a connection of its
	 * own.
	 * @param redis where Redis is, as the application's connection factory reaches it
	 * @param resources the Lettuce resources (event loops) to share, or {@code null}
	 * @param keyPrefix the prefix of session keys, such as
	 * {@code spring:session:sessions:}
	 * @param epochKey a key outside the tracked prefix that marks the database, such as
	 * {@code spring:session:near-cache-epoch}
	 * @param lease how long a proof of freshness lasts; the same on every replica
	 * @param maxEntries how many sessions to keep before starting over
	 * @param readServerId the {@code run_id} of the Redis server that the application's
	 * reads reach
	 */
	SessionNearCache(RedisURI redis, ClientResources resources, String keyPrefix, String epochKey, Duration lease,
			int maxEntries, Supplier<String> readServerId) {
		this(redis, resources, keyPrefix, epochKey, lease, maxEntries, readServerId, LeaseClock.SYSTEM);
	}

	/**
	 * As above, with the clock that leases and the commit wait are measured by.
	 * @param clock the clock; {@link LeaseClock#SYSTEM} but in tests
	 */
	SessionNearCache(RedisURI redis, ClientResources resources, String keyPrefix, String epochKey, Duration lease,
			int maxEntries, Supplier<String> readServerId, LeaseClock clock) {
		this(redis, resources, keyPrefix, epochKey, lease, maxEntries, IDLE_AFTER, readServerId, clock);
	}

	/**
	 * As above, with how long after its last lookup a replica keeps renewing its lease.
	 * @param idleAfter how long without a lookup counts as idle
	 */
	SessionNearCache(RedisURI redis, ClientResources resources, String keyPrefix, String epochKey, Duration lease,
			int maxEntries, Duration idleAfter, Supplier<String> readServerId, LeaseClock clock) {
		this.clock = clock;
		this.idleNanos = idleAfter.toNanos();
		this.client = (resources != null) ? RedisClient.create(resources, redis) : RedisClient.create(redis);
		this.client.setOptions(ClientOptions.builder()
			.protocolVersion(ProtocolVersion.RESP3)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.readServerId = readServerId;
		this.epochKey = epochKey.getBytes(StandardCharsets.UTF_8);
		this.leaseNanos = lease.toNanos();
		this.commitWaitNanos = commitWait(this.leaseNanos);
		this.longestCommitWaitNanos = this.commitWaitNanos;
		this.maxEntries = maxEntries;
		this.leaseUntil = clock.nanoTime();
		this.lastUsed = this.leaseUntil;
		this.nextConnect = this.leaseUntil;
		this.nextCheck = this.leaseUntil;
		this.nextTrackingAttempt = this.leaseUntil;
		this.client.addListener(this.disconnects);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, CLIENT_NAME);
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, this.leaseNanos / 4);
		this.scheduler.scheduleWithFixedDelay(this::renew, 0, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * The cached hash of a session key, if the lease is current.
	 * @param key the key
	 * @return the fields and values, or {@code null} to read from Redis
	 */
	Map<byte[], byte[]> lookup(byte[] key) {
		long now = this.clock.nanoTime();
		if (now - this.lastUsed > USE_RESOLUTION_NANOS) {
			// Not on every request: a write to one shared field from every request
			// thread.
			this.lastUsed = now;
		}
		if (this.offReason != null) {
			this.lookups.increment(Lookup.OFF);
			return null;
		}
		if (now - this.leaseUntil >= 0) {
			this.lookups.increment(Lookup.LEASE_LAPSED);
			return null;
		}
		Map<byte[], byte[]> cached = this.entries.get(name(key));
		this.lookups.increment((cached != null) ? Lookup.HIT : Lookup.MISS);
		return cached;
	}

	/**
	 * Marks the start of a read from Redis whose result may be cached.
	 * @return a token for {@link #store}, or a negative number if the result must not be
	 * cached
	 */
	long beforeRead() {
		return (this.tracking && this.offReason == null) ? this.invalidations.get() : -1;
	}

	/**
	 * Caches what a read returned, unless an invalidation or a disconnect happened since
	 * {@link #beforeRead()}.
	 * @param key the session key
	 * @param hash what {@code HGETALL} returned
	 * @param token what {@link #beforeRead()} returned before the read was sent
	 */
	void store(byte[] key, Map<byte[], byte[]> hash, long token) {
		String name = name(key);
		if (hash == null || hash.isEmpty()) {
			// Gone from Redis: a copy kept from before must not come back with the next
			// lease, whether or not an invalidation for it arrived.
			this.entries.remove(name);
			return;
		}
		if (token < 0 || !name.startsWith(this.keyPrefix) || this.offReason != null) {
			// Redis sends invalidations for the session prefix only.
			return;
		}
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
		Map<byte[], byte[]> value = Collections.unmodifiableMap(hash);
		this.entries.put(name, value);
		// An invalidation applied after beforeRead() may be for a change the read did not
		// see. It increments the counter before it removes, so either this check sees it
		// or its removal comes after the put.
		if (this.invalidations.get() != token) {
			this.entries.remove(name, value);
		}
	}

	/**
	 * Holds the current thread until every replica's lease that predates a write that has
	 * just been acknowledged has run out, so that no request that starts after the
	 * response can be served a copy from before the write.
	 */
	public void awaitCommit() {
		long wait = Math.max(this.commitWaitNanos, this.longestCommitWaitNanos);
		long start = this.clock.nanoTime();
		long until = start + wait;
		for (long left = wait; left > 0; left = until - this.clock.nanoTime()) {
			this.clock.park(left);
		}
		this.commitWaits.record(this.clock.nanoTime() - start);
	}

	/**
	 * How lookups were answered since the cache started.
	 * @return the counts
	 */
	LookupCounts lookups() {
		return this.lookups;
	}

	/**
	 * How long requests waited for the commit wait since the cache started.
	 * @return the waits
	 */
	CommitWaits commitWaits() {
		return this.commitWaits;
	}

	/**
	 * The number of sessions cached now.
	 * @return the count
	 */
	int size() {
		return this.entries.size();
	}

	/**
	 * Whether cached sessions may be served now.
	 * @return {@code true} while the lease is current and the preconditions hold
	 */
	public boolean leaseCurrent() {
		return this.clock.nanoTime() - this.leaseUntil < 0 && this.offReason == null;
	}

	/**
	 * Why the cache serves nothing now.
	 * @return the reason, or {@code null} while the cache is in use
	 */
	public String offReason() {
		return this.offReason;
	}

	/**
	 * This replica's lease.
	 * @return the lease
	 */
	Duration lease() {
		return Duration.ofNanos(this.leaseNanos);
	}

	/**
	 * Clocks of different hosts may run at slightly different rates: wait a little longer
	 * than any replica's lease can last.
	 */
	private static long commitWait(long leaseNanos) {
		return leaseNanos + leaseNanos / 20 + TimeUnit.MILLISECONDS.toNanos(1);
	}

	private String name(byte[] key) {
		return new String(key, StandardCharsets.ISO_8859_1);
	}

	/** Runs every quarter lease on the scheduler thread. */
	private void renew() {
		try {
			StatefulRedisConnection<byte[], byte[]> current = this.connection;
			if (current == null) {
				if (this.clock.nanoTime() - this.nextConnect < 0) {
					return;
				}
				current = connect();
			}
			if (!current.isOpen()) {
				// Reconnecting: Lettuce brings this very connection back by itself (only
				// close() closes it), and the listener has dropped the cache already. A
				// new connection opened here would leave this one reconnecting in the
				// background for good: one more connection after every outage.
				return;
			}
			long generation;
			boolean tracking;
			synchronized (this) {
				generation = this.generation;
				tracking = this.tracking;
			}
			if (!tracking) {
				startTracking(current, generation);
				return;
			}
			if (this.clock.nanoTime() - this.nextCheck >= 0) {
				this.nextCheck = this.clock.nanoTime() + CHECK_PERIOD_NANOS;
				checkPreconditions(current);
			}
			long sent = this.clock.nanoTime();
			if (sent - this.lastUsed > this.idleNanos) {
				// Idle: let the lease lapse. The next request reads from Redis, and the
				// renewal that follows within a period lets the ones after it use the
				// cache.
				return;
			}
			if (this.renewalInFlight) {
				// Unanswered (a stalled or half-open connection): the lease lapses rather
				// than commands piling up.
				return;
			}
			this.renewalInFlight = true;
			StatefulRedisConnection<byte[], byte[]> asked = current;
			asked.async().get(this.epochKey).whenComplete((epoch, failure) -> {
				this.renewalInFlight = false;
				if (failure == null) {
					renewed(asked, generation, sent, epoch);
				}
			});
		}
		catch (RuntimeException ex) {
			// Redis unreachable: no lease, so every read goes to Redis, which answers or
			// fails as it would without this cache. The next period tries again.
			logger.debug("Session near cache: Redis unreachable", ex);
		}
	}

	private StatefulRedisConnection<byte[], byte[]> connect() {
		CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connecting = this.client
			.connectAsync(ByteArrayCodec.INSTANCE, this.redis)
			.toCompletableFuture();
		try {
			StatefulRedisConnection<byte[], byte[]> connected = connecting.get(CONNECT_TIMEOUT.toMillis(),
					TimeUnit.MILLISECONDS);
			connected.addListener(this::pushed);
			this.connection = connected;
			return connected;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while connecting", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			// A connection that completes after the timeout is closed at once.
			connecting.thenAccept(StatefulRedisConnection::close);
			this.nextConnect = this.clock.nanoTime() + RECONNECT_DELAY.toNanos();
			throw new IllegalStateException("Could not connect to Redis", ex);
		}
	}

	private void startTracking(StatefulRedisConnection<byte[], byte[]> current, long generation) {
		synchronized (this) {
			if (this.generation != generation || this.trackingRequested
					|| this.clock.nanoTime() - this.nextTrackingAttempt < 0) {
				return;
			}
			this.trackingRequested = true;
		}
		current.async().clientSetname(clientName(this.leaseNanos).getBytes(StandardCharsets.US_ASCII));
		// OFF first: Lettuce may have replayed an earlier ON on this connection after a
		// reconnect, and Redis refuses a second ON for the same prefix.
		current.async().clientTracking(TrackingArgs.Builder.enabled(false));
		TrackingArgs broadcast = TrackingArgs.Builder.enabled().bcast().prefixes(this.keyPrefix);
		current.async().clientTracking(broadcast).whenComplete((ok, failure) -> {
			synchronized (this) {
				if (this.generation != generation) {
					return;
				}
				this.trackingRequested = false;
				this.tracking = failure == null;
				if (this.tracking) {
					this.nextCheck = this.clock.nanoTime();
				}
				if (!(failure instanceof RedisCommandExecutionException)) {
					// Accepted, or not sent (disconnected): nothing to wait for.
					return;
				}
				this.nextTrackingAttempt = this.clock.nanoTime() + TRACKING_RETRY_DELAY.toNanos();
			}
			this.offReason = "Redis refused CLIENT TRACKING (it needs Redis 6 or later): " + failure.getMessage();
			if (!this.warnedTrackingRefused) {
				this.warnedTrackingRefused = true;
				logger.warn("Session near cache off until Redis accepts CLIENT TRACKING (Redis 6 or later): "
						+ failure.getMessage());
			}
		});
	}

	/**
	 * Turns the cache off, with a log line, when another replica's lease is in force or
	 * the tracking connection reaches another server than the reads; and on again once
	 * neither holds.
	 */
	private void checkPreconditions(StatefulRedisConnection<byte[], byte[]> current) {
		String reason;
		try {
			reason = leaseDisagreement(current);
			if (reason == null) {
				reason = serverDisagreement(current);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Redis is unreachable: the lease lapses anyway. Check again next period.
			this.nextCheck = this.clock.nanoTime();
			logger.debug("Session near cache: could not check its preconditions", ex);
			return;
		}
		String previous = this.offReason;
		this.offReason = reason;
		if (reason != null && !reason.equals(previous)) {
			// Like an invalidation of everything: a read in flight stores nothing.
			this.invalidations.incrementAndGet();
			this.entries.clear();
			logger.warn("Session near cache off: " + reason);
		}
		else if (reason == null && previous != null && !NOT_CHECKED.equals(previous)) {
			logger.info("Session near cache on again: its preconditions hold");
		}
	}

	/**
	 * Compares this replica's lease with the one in force: the lease of the oldest near
	 * cache connection that {@code CLIENT LIST} shows (this replica's own included), the
	 * one with the lowest id.
	 */
	private String leaseDisagreement(StatefulRedisConnection<byte[], byte[]> current)
			throws InterruptedException, ExecutionException, TimeoutException {
		String clients = current.async().clientList().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		long inForce = -1;
		long oldestId = Long.MAX_VALUE;
		long longest = this.leaseNanos;
		for (String client : clients.split("\\r?\\n")) {
			long lease = leaseOf(field(client, "name"));
			if (lease < 0) {
				continue;
			}
			// Redis numbers connections in the order they were made.
			long id = Long.parseLong(field(client, "id"));
			if (id < oldestId) {
				oldestId = id;
				inForce = lease;
			}
			longest = Math.max(longest, lease);
		}
		this.longestCommitWaitNanos = commitWait(longest);
		if (inForce < 0 || inForce == this.leaseNanos) {
			return null;
		}
		return "another replica uses a lease of " + TimeUnit.NANOSECONDS.toMillis(inForce)
				+ " ms (app.session.near-cache.lease), this one " + TimeUnit.NANOSECONDS.toMillis(this.leaseNanos)
				+ " ms; every replica must use the same";
	}

	private static String clientName(long leaseNanos) {
		return CLIENT_NAME + "/" + TimeUnit.NANOSECONDS.toMicros(leaseNanos);
	}

	/** The lease a client name announces, or -1 if it is not a near cache's. */
	private static long leaseOf(String name) {
		if (name == null || !name.startsWith(CLIENT_NAME + "/")) {
			return -1;
		}
		try {
			return TimeUnit.MICROSECONDS.toNanos(Long.parseLong(name.substring(CLIENT_NAME.length() + 1)));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** A field of one line of {@code CLIENT LIST}: {@code id=7 addr=… name=… age=…}. */
	private static String field(String client, String name) {
		for (String pair : client.split(" ")) {
			if (pair.startsWith(name + "=")) {
				return pair.substring(name.length() + 1);
			}
		}
		return null;
	}

	private String serverDisagreement(StatefulRedisConnection<byte[], byte[]> current)
			throws InterruptedException, ExecutionException, TimeoutException {
		String tracked = runId(current.async().info("server").get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		String read = this.readServerId.get();
		if (tracked == null || tracked.equals(read)) {
			return null;
		}
		return "its tracking connection reaches Redis server " + tracked + ", the session reads reach " + read;
	}

	private static String runId(String info) {
		for (String line : info.split("\\r?\\n")) {
			if (line.startsWith("run_id:")) {
				return line.substring("run_id:".length()).trim();
			}
		}
		return null;
	}

	/** Runs on the I/O thread, after every invalidation sent before the epoch's reply. */
	private synchronized void renewed(StatefulRedisConnection<byte[], byte[]> current, long generation, long sent,
			byte[] epoch) {
		if (this.generation != generation || !this.tracking) {
			return;
		}
		if (epoch == null || !Arrays.equals(epoch, this.epoch)) {
			// Another database than the one the cached sessions came from (swapped,
			// flushed, a server without our data), or the first renewal: start over.
			this.invalidations.incrementAndGet();
			this.entries.clear();
			this.leaseUntil = this.clock.nanoTime();
			this.epoch = epoch;
			if (epoch == null) {
				byte[] created = new byte[16];
				RANDOM.nextBytes(created);
				current.async().setnx(this.epochKey, Base64.getEncoder().encode(created));
			}
			return;
		}
		if (sent + this.leaseNanos - this.leaseUntil > 0) {
			this.leaseUntil = sent + this.leaseNanos;
		}
	}

	private synchronized void disconnected() {
		this.generation++;
		this.tracking = false;
		this.trackingRequested = false;
		this.renewalInFlight = false;
		this.leaseUntil = this.clock.nanoTime();
		this.invalidations.incrementAndGet();
		this.entries.clear();
		this.epoch = null;
		// Possibly another server now: check again as soon as tracking is back.
		this.nextCheck = this.clock.nanoTime();
	}

	/** Runs on the connection's I/O thread, in order with the replies. */
	private void pushed(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(SessionNearCache::decode);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		this.invalidations.incrementAndGet();
		if (keys instanceof List<?> names) {
			for (Object name : names) {
				this.entries.remove(String.valueOf(name));
			}
		}
		else {
			// A null list: Redis flushed its database, or dropped its tracking table.
			this.entries.clear();
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		StatefulRedisConnection<byte[], byte[]> current = this.connection;
		if (current != null) {
			current.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.entries.clear();
	}

	@Override
	public String toString() {
		return "SessionNearCache[entries=" + this.entries.size() + ", tracking=" + this.tracking + ", leaseCurrent="
				+ leaseCurrent() + ", invalidations=" + this.invalidations.get() + ", off=" + this.offReason + "]";
	}

	private static String decode(ByteBuffer buffer) {
		return StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
	}

	/**
	 * The time that leases and the commit wait are measured in. It exists so that a test
	 * can step over a lease instead of waiting one out: with the machine's clock, whether
	 * a read falls inside a lease depends on how busy the machine is, and a test of the
	 * commit wait would pass or fail by luck.
	 */
	interface LeaseClock {

		/** {@link System#nanoTime()}, and parking the thread. */
		LeaseClock SYSTEM = new LeaseClock() {

			@Override
			public long nanoTime() {
				return System.nanoTime();
			}

			@Override
			public void park(long nanos) {
				LockSupport.parkNanos(nanos);
			}

		};

		/**
		 * The current time, only meaningful as a difference to another reading.
		 * @return nanoseconds
		 */
		long nanoTime();

		/**
		 * Lets about {@code nanos} pass on this clock, or less (the caller checks again).
		 * @param nanos how long
		 */
		void park(long nanos);

	}

	/** How a lookup was answered. */
	enum Lookup {

		/** From the cache. */
		HIT,

		/** From Redis: the lease was current, but the session was not cached. */
		MISS,

		/** From Redis: the lease had run out (the replica idle, or Redis slow). */
		LEASE_LAPSED,

		/** From Redis: the cache is off (see {@link #offReason()}). */
		OFF

	}

	/** Lookups by how they were answered, counted without contention. */
	static final class LookupCounts {

		private final LongAdder[] counts = new LongAdder[Lookup.values().length];

		LookupCounts() {
			Arrays.setAll(this.counts, (i) -> new LongAdder());
		}

		void increment(Lookup lookup) {
			this.counts[lookup.ordinal()].increment();
		}

		long count(Lookup lookup) {
			return this.counts[lookup.ordinal()].sum();
		}

	}

	/** The commit waits served: how many, and their total time. */
	static final class CommitWaits {

		private final LongAdder count = new LongAdder();

		private final LongAdder totalNanos = new LongAdder();

		void record(long nanos) {
			this.count.increment();
			this.totalNanos.add(nanos);
		}

		long count() {
			return this.count.sum();
		}

		double totalNanos() {
			return this.totalNanos.sum();
		}

	}

}
