package dev.sessioncluster.web.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Limits attempts (sign-in, current-password checks, registrations) with counters in
 * Redis, so a limit holds across replicas. Checking and counting are one step, a Lua
 * script that Redis runs atomically: of any number of concurrent attempts, only as many
 * as the limit allows are let through, because each one counts itself before anything is
 * evaluated.
 *
 * <pre>
 * for each counter: if GET counter &gt;= its limit then refuse, counting nothing
 * for each counter: INCR counter; set its window as TTL if it has none
 * allow
 * </pre>
 *
 * A counter's window is fixed from its first attempt: the counter, and any block, expire
 * with it.
 */
@Component
public class AttemptLimiter {

	private static final RedisScript<Long> TRY_ATTEMPT = RedisScript.of("""
			for i = 1, #KEYS do
			  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[2 * i - 1]) then
			    return 0
			  end
			end
			for i = 1, #KEYS do
			  redis.call('INCR', KEYS[i])
			  if redis.call('PTTL', KEYS[i]) < 0 then
			    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
			  end
			end
			return 1
			""", Long.class);

	private static final RedisScript<Long> FORGIVE = RedisScript.of("""
			if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
			  return redis.call('DECR', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	AttemptLimiter(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Counts one attempt against every counter, unless one of them has reached its limit:
	 * then nothing is counted and the attempt must not be evaluated.
	 * @param counters the counters the attempt counts against
	 * @return whether the attempt may go ahead
	 */
	public boolean tryAttempt(AttemptCounter... counters) {
		List<String> keys = new ArrayList<>(counters.length);
		List<String> limits = new ArrayList<>(counters.length * 2);
		for (AttemptCounter counter : counters) {
			keys.add(counter.key());
			limits.add(Integer.toString(counter.limit().maxAttempts()));
			limits.add(Long.toString(counter.limit().window().toMillis()));
		}
		Long allowed = this.redis.execute(TRY_ATTEMPT, keys, limits.toArray());
		return allowed != null && allowed == 1;
	}

	/**
	 * Takes back one counted attempt that turned out not to be a guess (a successful
	 * sign-in from a shared address, for example); the window stays as it was.
	 * @param counter the counter
	 */
	public void forgive(AttemptCounter counter) {
		this.redis.execute(FORGIVE, List.of(counter.key()));
	}

	/**
	 * Forgets every attempt of a counter (its owner proved who they are).
	 * @param counter the counter
	 */
	public void reset(AttemptCounter counter) {
		this.redis.delete(counter.key());
	}

}
