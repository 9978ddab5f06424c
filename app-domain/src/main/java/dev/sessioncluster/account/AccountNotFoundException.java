package dev.sessioncluster.account;

/**
 * The account a session or a request refers to no longer exists.
 */
public final class AccountNotFoundException extends RuntimeException {

	public AccountNotFoundException(String username) {
		super("No account named '" + username + "'");
	}

}
