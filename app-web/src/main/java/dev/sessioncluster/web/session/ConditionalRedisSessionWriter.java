package dev.sessioncluster.web.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;

/**
 * Writes the changes of a session that Redis already holds in one script, which writes
 * only if the session's key still exists. Spring Session's own save checks {@code EXISTS}
 * and then writes with {@code HMSET} and {@code PEXPIREAT}: a sign-out on another replica
 * that lands between the two brings the session back as a hash without its creation time,
 * which no request can load. A script runs atomically, so a delete lands either before it
 * (nothing is written) or after it. <pre>
 * EVALSHA &lt;update&gt; 2 spring:session:sessions:&lt;stored id&gt; spring:session:sessions:&lt;id&gt;
 *         &lt;expires at, Unix ms&gt; &lt;n&gt; &lt;n field/value pairs&gt; &lt;fields to remove&gt;…
 *   → 1: written; 0: the session was gone, nothing written
 * </pre> One round trip, as the fields and values are those of Spring Session's
 * repository ({@code lastAccessedTime}, {@code maxInactiveInterval},
 * {@code sessionAttr:<name>}), serialized by the session template's serializers; a
 * removed attribute's field is deleted rather than left empty. A changed id is a
 * {@code RENAME} inside the same script.
 */
final class ConditionalRedisSessionWriter implements ChangeTrackingSessionRepository.ExistingSessionWriter {

	private static final RedisScript<Long> UPDATE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return 0
			end
			if KEYS[1] ~= KEYS[2] then
			  redis.call('RENAME', KEYS[1], KEYS[2])
			end
			local count = tonumber(ARGV[2])
			redis.call('HSET', KEYS[2], unpack(ARGV, 3, 2 + 2 * count))
			if #ARGV > 2 + 2 * count then
			  redis.call('HDEL', KEYS[2], unpack(ARGV, 3 + 2 * count, #ARGV))
			end
			redis.call('PEXPIREAT', KEYS[2], ARGV[1])
			return 1
			""", Long.class);

	private static final String LAST_ACCESSED_TIME = "lastAccessedTime";

	private static final String MAX_INACTIVE_INTERVAL = "maxInactiveInterval";

	private static final String ATTRIBUTE_PREFIX = "sessionAttr:";

	private final RedisTemplate<String, Object> template;

	private final String keyPrefix;

	private final RedisSerializer<Object> values;

	/**
	 * A writer for the sessions of Spring Session's Redis repository.
	 * @param template the repository's template (its hash value serializer encodes
	 * values)
	 * @param namespace the repository's key namespace, such as {@code spring:session}
	 */
	@SuppressWarnings("unchecked")
	ConditionalRedisSessionWriter(RedisTemplate<String, Object> template, String namespace) {
		this.template = template;
		this.keyPrefix = namespace + ":sessions:";
		this.values = (RedisSerializer<Object>) template.getHashValueSerializer();
	}

	@Override
	public boolean write(String storedId, Session session, Map<String, Object> changes) {
		List<byte[]> set = new ArrayList<>();
		List<byte[]> removed = new ArrayList<>();
		add(set, LAST_ACCESSED_TIME, session.getLastAccessedTime().toEpochMilli());
		add(set, MAX_INACTIVE_INTERVAL, (int) session.getMaxInactiveInterval().toSeconds());
		changes.forEach((name, value) -> {
			if (value != null) {
				add(set, ATTRIBUTE_PREFIX + name, value);
			}
			else {
				removed.add(bytes(ATTRIBUTE_PREFIX + name));
			}
		});
		long expiresAt = session.getLastAccessedTime().plus(session.getMaxInactiveInterval()).toEpochMilli();
		List<Object> args = new ArrayList<>(2 + set.size() + removed.size());
		args.add(bytes(Long.toString(expiresAt)));
		args.add(bytes(Integer.toString(set.size() / 2)));
		args.addAll(set);
		args.addAll(removed);
		Long written = this.template.execute(UPDATE, RedisSerializer.byteArray(),
				new GenericToStringSerializer<>(Long.class), List.of(key(storedId), key(session.getId())),
				args.toArray());
		return written != null && written == 1L;
	}

	private void add(List<byte[]> fields, String field, Object value) {
		fields.add(bytes(field));
		fields.add(this.values.serialize(value));
	}

	private String key(String id) {
		return this.keyPrefix + id;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
