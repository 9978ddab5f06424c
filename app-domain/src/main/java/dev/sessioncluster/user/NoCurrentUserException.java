package dev.sessioncluster.user;

/**
 * Thrown by {@link CurrentUserHolder#require()} when code that needs a signed-in user
 * runs outside a user scope: a programming error (a route that should be protected is
 * not, or work was handed to another thread), never a user error.
 */
public final class NoCurrentUserException extends IllegalStateException {

	NoCurrentUserException() {
		super("No user is bound to this thread: the code runs outside CurrentUserHolder.bind(..), "
				+ "for example on an unprotected route or on a thread the request did not start");
	}

}
