package dev.sessioncluster.web.account;

import java.time.Duration;

import dev.sessioncluster.web.security.AttemptCounter;
import dev.sessioncluster.web.security.AttemptLimit;

/**
 * The limits of the account forms, counted by
 * {@link dev.sessioncluster.web.security.AttemptLimiter}.
 */
final class AccountLimits {

	/**
	 * Wrong current passwords at {@code /account/password}, per account, whichever
	 * session or replica they come from: a stolen session must not become a password
	 * oracle. At the limit, password changes of that account are refused until the window
	 * ends; signing in and every other page still work.
	 */
	static final AttemptLimit PASSWORD_CHECK = new AttemptLimit(5, Duration.ofMinutes(15));

	/**
	 * Registration attempts per client address, successful or not: each one can tell
	 * whether a username or an email is taken.
	 */
	static final AttemptLimit REGISTRATION = new AttemptLimit(20, Duration.ofHours(1));

	private AccountLimits() {
	}

	static AttemptCounter passwordCheck(long accountId) {
		return AttemptCounter.of("password-check:account", Long.toString(accountId), PASSWORD_CHECK);
	}

	static AttemptCounter registration(String address) {
		return AttemptCounter.of("register:address", address, REGISTRATION);
	}

}
