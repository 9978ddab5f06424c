package dev.sessioncluster.web.inspector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.ValueEncoding;

import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.session.SessionStrategy;
import dev.sessioncluster.web.session.nearcache.SessionNearCache;
import dev.sessioncluster.web.urlsession.SessionTransport;

/**
 * Gathers what the inspector shows: from the request's trace first, so that the
 * inspector's own Redis commands are not counted, then from Redis.
 */
final class SessionInspector {

	private static final String ATTRIBUTE_PREFIX = "sessionAttr:";

	/** Where "Your sessions" records the replica of a sign-in. */
	private static final String SIGNED_IN_ON = "sessioncluster.replica";

	private static final int SHOWN_ID_CHARACTERS = 4;

	/**
	 * Every sample of the hash ({@code SAMPLES 0}): the default samples a few fields and
	 * undercounts. A script, because Spring Data's generic command call reads only bulk
	 * replies and this one is an integer.
	 */
	private static final byte[] MEMORY_USAGE = "return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')"
		.getBytes(StandardCharsets.UTF_8);

	private final String replicaId;

	private final SessionStrategy strategy;

	private final String keyPrefix;

	private final ObjectProvider<RedisConnectionFactory> redis;

	private final ObjectProvider<SessionNearCache> nearCache;

	/**
	 * @param replicaId this replica
	 * @param strategy where sessions live ({@code app.session.strategy})
	 * @param keyPrefix the prefix of session keys, such as
	 * {@code spring:session:sessions:}
	 * @param redis the connection to Redis, absent without it
	 * @param nearCache the near cache, absent where it is off
	 */
	SessionInspector(String replicaId, SessionStrategy strategy, String keyPrefix,
			ObjectProvider<RedisConnectionFactory> redis, ObjectProvider<SessionNearCache> nearCache) {
		this.replicaId = replicaId;
		this.strategy = strategy;
		this.keyPrefix = keyPrefix;
		this.redis = redis;
		this.nearCache = nearCache;
	}

	Inspection inspect(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		RequestTrace trace = RequestTrace.current().orElseGet(RequestTrace::new);
		Inspection.Load load = load(trace);
		SessionTransport transport = SessionTransport.of(request);
		String user = CurrentUserHolder.current().map((current) -> current.username()).orElse(null);
		boolean redisStore = this.strategy.keptInRedis();
		return new Inspection(this.replicaId, Thread.currentThread().getName(), user,
				(transport != null) ? transport.name().toLowerCase(Locale.ROOT) : "cookie", this.strategy.key(),
				this.nearCache.getIfAvailable() != null, (session != null) ? stored(session, redisStore) : null, load);
	}

	private Inspection.Load load(RequestTrace trace) {
		int requestCommands = trace.redisCommands();
		if (!trace.sessionLoaded()) {
			return new Inspection.Load("none", 0, 0, requestCommands);
		}
		String result = switch (trace.nearCache()) {
			case ABSENT -> "no-cache";
			case OFF -> "off";
			case LEASE_LAPSED -> "lease-lapsed";
			case SERVING -> (trace.sessionLoadCommands() == 0) ? "hit" : "miss";
		};
		return new Inspection.Load(result, trace.sessionLoadNanos() / 1000, trace.sessionLoadCommands(),
				requestCommands);
	}

	private Inspection.StoredSession stored(HttpSession session, boolean redisStore) {
		String id = session.getId();
		String masked = mask(id);
		String createdOn = attribute(session, TracingSessionRepository.CREATED_ON);
		String signedInOn = attribute(session, SIGNED_IN_ON);
		Instant created = Instant.ofEpochMilli(session.getCreationTime());
		Instant lastAccessed = Instant.ofEpochMilli(session.getLastAccessedTime());
		Duration idle = Duration.ofSeconds(session.getMaxInactiveInterval());
		RedisConnectionFactory factory = this.redis.getIfAvailable();
		if (!redisStore || factory == null) {
			List<Inspection.Field> fields = new ArrayList<>();
			for (String name : Collections.list(session.getAttributeNames())) {
				fields.add(new Inspection.Field(name, true, -1));
			}
			return new Inspection.StoredSession(masked, null, createdOn, signedInOn, created, lastAccessed, idle, null,
					null, null, fields);
		}
		byte[] key = (this.keyPrefix + id).getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = factory.getConnection()) {
			Long ttl = connection.keyCommands().pTtl(key);
			Long usage = connection.scriptingCommands().eval(MEMORY_USAGE, ReturnType.INTEGER, 1, key);
			ValueEncoding encoding = connection.keyCommands().encodingOf(key);
			List<Inspection.Field> fields = new ArrayList<>();
			Set<byte[]> names = connection.hashCommands().hKeys(key);
			for (byte[] name : (names != null) ? names : Set.<byte[]>of()) {
				String field = new String(name, StandardCharsets.UTF_8);
				Long length = connection.hashCommands().hStrLen(key, name);
				boolean attribute = field.startsWith(ATTRIBUTE_PREFIX);
				fields.add(new Inspection.Field(attribute ? field.substring(ATTRIBUTE_PREFIX.length()) : field,
						attribute, (length != null) ? length : 0));
			}
			// The application's attributes first, then Spring Session's own fields.
			fields.sort(
					Comparator.comparing(Inspection.Field::attribute).reversed().thenComparing(Inspection.Field::name));
			return new Inspection.StoredSession(masked, this.keyPrefix + masked, createdOn, signedInOn, created,
					lastAccessed, idle, (ttl != null && ttl >= 0) ? ttl : null, usage,
					(encoding != null) ? encoding.raw() : null, fields);
		}
	}

	private static String attribute(HttpSession session, String name) {
		Object value = session.getAttribute(name);
		return (value instanceof String text) ? text : null;
	}

	/** As many characters as identify nothing; the rest hidden. */
	static String mask(String id) {
		return id.substring(0, Math.min(SHOWN_ID_CHARACTERS, id.length())) + "…";
	}

}
