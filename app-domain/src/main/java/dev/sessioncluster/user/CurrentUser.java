package dev.sessioncluster.user;

import java.util.Objects;

/**
 * The signed-in user as the application sees them for the length of one request: small,
 * immutable, and enough to render a page or stamp an audit column without a database
 * query.
 *
 * @param id the account's primary key
 * @param username the account's username, as registered
 * @param displayName the name shown in pages
 */
public record CurrentUser(long id, String username, String displayName) {

	public CurrentUser {
		Objects.requireNonNull(username, "username must not be null");
		Objects.requireNonNull(displayName, "displayName must not be null");
	}

}
