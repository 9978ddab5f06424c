package dev.sessioncluster.web.security;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Counts the sessions each client address creates, per minute, in Redis: one script call
 * (increment, and set the expiry on the first increment of a window) per new session,
 * nothing for any other request. The key is bounded whatever the address looks like.
 */
final class SessionCreationCounter {

	static final String PREFIX = "sessioncluster:new-sessions:";

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final RedisScript<Long> INCREMENT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return count""", Long.class);

	private final StringRedisTemplate redis;

	private final int perMinute;

	SessionCreationCounter(StringRedisTemplate redis, int perMinute) {
		this.redis = redis;
		this.perMinute = perMinute;
	}

	/**
	 * Counts one new session for {@code address}.
	 * @param address the client address
	 * @return whether the address is still within its limit
	 */
	boolean tryCreate(String address) {
		String name = (address == null || address.isEmpty()) ? "-" : address;
		String key = PREFIX + ((name.length() > 64) ? name.substring(0, 64) : name);
		Long count = this.redis.execute(INCREMENT, List.of(key), String.valueOf(WINDOW.toMillis()));
		return count != null && count <= this.perMinute;
	}

}
