package dev.sessioncluster.web.security;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.sessioncluster.account.Username;

/**
 * The sign-in limit, which holds across replicas: {@value #MAX_ATTEMPTS} attempts per
 * username (in its {@link Username#canonical canonical form}, the one sign-in looks up)
 * and, separately, per client address, within {@link #WINDOW} from the first. An attempt
 * counts before its password is checked, so a burst of concurrent attempts gets no more
 * evaluated than the limit. A success clears the username's count and takes itself back
 * from the address's, so people signing in from one shared address do not lock it.
 * Unknown usernames are counted exactly like known ones.
 */
@Component
class LoginThrottle {

	static final int MAX_ATTEMPTS = 5;

	static final Duration WINDOW = Duration.ofMinutes(15);

	static final AttemptLimit LIMIT = new AttemptLimit(MAX_ATTEMPTS, WINDOW);

	private final AttemptLimiter limiter;

	LoginThrottle(AttemptLimiter limiter) {
		this.limiter = limiter;
	}

	/**
	 * Counts a sign-in attempt, unless the username or the address has reached the limit.
	 * @param username the username as typed
	 * @param address the client address
	 * @return whether the attempt may be evaluated
	 */
	boolean tryAttempt(String username, String address) {
		return this.limiter.tryAttempt(user(username), address(address));
	}

	void succeeded(String username, String address) {
		this.limiter.reset(user(username));
		this.limiter.forgive(address(address));
	}

	static AttemptCounter user(String username) {
		String name = Username.canonical(username);
		return AttemptCounter.of("sign-in:user", name.isEmpty() ? "-" : name, LIMIT);
	}

	static AttemptCounter address(String address) {
		return AttemptCounter.of("sign-in:address", address, LIMIT);
	}

}
