package dev.sessioncluster.account;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The rules a new password must meet, in one place for registration and password changes:
 * at least {@value #MIN_LENGTH} characters, at most {@value #MAX_BYTES} bytes in UTF-8
 * (BCrypt reads no further, and Spring Security rejects longer input rather than silently
 * truncating it), and not the username in any case.
 */
public final class PasswordPolicy {

	/** Fewest characters in a password (code points, so an emoji counts once). */
	public static final int MIN_LENGTH = 12;

	/** Most UTF-8 bytes in a password: the BCrypt input limit. */
	public static final int MAX_BYTES = 72;

	private PasswordPolicy() {
	}

	/**
	 * Checks {@code password} for {@code username}.
	 * @param username the account's username
	 * @param password the candidate password
	 * @throws AccountInputException naming the broken rule
	 */
	static void check(String username, String password) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
			throw new AccountInputException(AccountInput.PASSWORD, "password.tooShort");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new AccountInputException(AccountInput.PASSWORD, "password.tooLong");
		}
		if (username != null
				&& password.strip().toLowerCase(Locale.ROOT).equals(username.strip().toLowerCase(Locale.ROOT))) {
			throw new AccountInputException(AccountInput.PASSWORD, "password.sameAsUsername");
		}
	}

}
