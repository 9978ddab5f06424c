package dev.sessioncluster.web.session;

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
import java.util.concurrent.locks.LockSupport;

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
 */
final class SessionNearCache implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SessionNearCache.class);

	/** Shown by {@code CLIENT LIST}, so that operators can tell the connection apart. */
	static final String CLIENT_NAME = "session-near-cache";

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** How fresh the record of the last use must be, to tell busy from idle. */
	private static final long USE_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

	private static final Duration TRACKING_RETRY_DELAY = Duration.ofSeconds(5);

	private final RedisURI redis;

	private final RedisClient client;

	private final String keyPrefix;

	private final byte[] epochKey;

	/** The epoch value of the database the cached sessions came from; guarded by this. */
	private volatile byte[] epoch;

	private final long leaseNanos;

	private final long commitWaitNanos;

	private final int maxEntries;

	private final Map<String, Map<byte[], byte[]>> entries = new ConcurrentHashMap<>();

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
	private long nextTrackingAttempt = System.nanoTime();

	/** {@link System#nanoTime()} until which cached sessions may be served. */
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
	 */
	SessionNearCache(RedisURI redis, ClientResources resources, String keyPrefix, String epochKey, Duration lease,
			int maxEntries) {
		this.client = (resources != null) ? RedisClient.create(resources, redis) : RedisClient.create(redis);
		this.client.setOptions(ClientOptions.builder()
			.protocolVersion(ProtocolVersion.RESP3)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.epochKey = epochKey.getBytes(StandardCharsets.UTF_8);
		this.leaseNanos = lease.toNanos();
		// Clocks of different hosts may run at slightly different rates: wait a little
		// longer than any replica's lease can last.
		this.commitWaitNanos = this.leaseNanos + this.leaseNanos / 20 + TimeUnit.MILLISECONDS.toNanos(1);
		this.maxEntries = maxEntries;
		this.leaseUntil = System.nanoTime();
		this.lastUsed = this.leaseUntil;
		this.nextConnect = this.leaseUntil;
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
		long now = System.nanoTime();
		if (now - this.lastUsed > USE_RESOLUTION_NANOS) {
			// Not on every request: a write to one shared field from every request
			// thread.
			this.lastUsed = now;
		}
		if (now - this.leaseUntil >= 0) {
			return null;
		}
		return this.entries.get(name(key));
	}

	/**
	 * Marks the start of a read from Redis whose result may be cached.
	 * @return a token for {@link #store}, or a negative number if the result must not be
	 * cached
	 */
	long beforeRead() {
		return this.tracking ? this.invalidations.get() : -1;
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
		if (token < 0 || !name.startsWith(this.keyPrefix)) {
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
	void awaitCommit() {
		long until = System.nanoTime() + this.commitWaitNanos;
		for (long left = this.commitWaitNanos; left > 0; left = until - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
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
	 * @return {@code true} while the lease is current
	 */
	boolean leaseCurrent() {
		return System.nanoTime() - this.leaseUntil < 0;
	}

	private String name(byte[] key) {
		return new String(key, StandardCharsets.ISO_8859_1);
	}

	/** Runs every quarter lease on the scheduler thread. */
	private void renew() {
		try {
			StatefulRedisConnection<byte[], byte[]> current = this.connection;
			if (current == null) {
				if (System.nanoTime() - this.nextConnect < 0) {
					return;
				}
				current = connect();
			}
			if (!current.isOpen()) {
				// Closed for good (Lettuce reconnects an open connection by itself):
				// start over on a new one.
				this.connection = null;
				disconnected();
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
			long sent = System.nanoTime();
			if (sent - this.lastUsed > IDLE_NANOS) {
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
			this.nextConnect = System.nanoTime() + RECONNECT_DELAY.toNanos();
			throw new IllegalStateException("Could not connect to Redis", ex);
		}
	}

	private void startTracking(StatefulRedisConnection<byte[], byte[]> current, long generation) {
		synchronized (this) {
			if (this.generation != generation || this.trackingRequested
					|| System.nanoTime() - this.nextTrackingAttempt < 0) {
				return;
			}
			this.trackingRequested = true;
		}
		current.async().clientSetname(CLIENT_NAME.getBytes(StandardCharsets.US_ASCII));
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
				if (!(failure instanceof RedisCommandExecutionException)) {
					// Accepted, or not sent (disconnected): nothing to wait for.
					return;
				}
				this.nextTrackingAttempt = System.nanoTime() + TRACKING_RETRY_DELAY.toNanos();
			}
			if (!this.warnedTrackingRefused) {
				this.warnedTrackingRefused = true;
				logger.warn("Session near cache off until Redis accepts CLIENT TRACKING (Redis 6 or later): "
						+ failure.getMessage());
			}
		});
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
			this.leaseUntil = System.nanoTime();
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
		this.leaseUntil = System.nanoTime();
		this.invalidations.incrementAndGet();
		this.entries.clear();
		this.epoch = null;
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
				+ leaseCurrent() + ", invalidations=" + this.invalidations.get() + "]";
	}

	private static String decode(ByteBuffer buffer) {
		return StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
	}

}
