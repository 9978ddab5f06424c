package dev.sessioncluster.web.security;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.sessioncluster.account.Account;

/**
 * Sign-in throttling that holds across replicas, because its counters live in Redis:
 * after {@value #MAX_FAILURES} failed attempts for one username, and separately for one
 * client address, within {@link #WINDOW}, further attempts are refused until the window
 * ends. A success clears the username's count. Unknown usernames are counted exactly like
 * known ones.
 */
@Component
class LoginThrottle {

	static final int MAX_FAILURES = 5;

	static final Duration WINDOW = Duration.ofMinutes(15);

	static final String USER_PREFIX = "sessioncluster:login-failures:user:";

	static final String ADDRESS_PREFIX = "sessioncluster:login-failures:address:";

	private final StringRedisTemplate redis;

	LoginThrottle(StringRedisTemplate redis) {
		this.redis = redis;
	}

	boolean isBlocked(String username, String address) {
		List<String> counts = this.redis.opsForValue().multiGet(List.of(userKey(username), addressKey(address)));
		return counts != null
				&& counts.stream().anyMatch((count) -> count != null && Long.parseLong(count) >= MAX_FAILURES);
	}

	void failed(String username, String address) {
		increment(userKey(username));
		increment(addressKey(address));
	}

	void succeeded(String username) {
		this.redis.delete(userKey(username));
	}

	private void increment(String key) {
		Long count = this.redis.opsForValue().increment(key);
		if (count != null && count == 1) {
			// A fixed window from the first failure: the key, and the block, expire with
			// it.
			this.redis.expire(key, WINDOW);
		}
	}

	private static String userKey(String username) {
		String name = (username == null || username.isBlank()) ? "-" : username;
		// Bounded key size whatever is typed.
		String key = Account.usernameKey(name);
		return USER_PREFIX + ((key.length() > 64) ? key.substring(0, 64) : key);
	}

	private static String addressKey(String address) {
		return ADDRESS_PREFIX + ((address != null) ? address : "-");
	}

}
