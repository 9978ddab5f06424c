package dev.sessioncluster.web.session;

/**
 * Runs after every write of a session that reaches the store (a save that wrote, a
 * delete), before the response goes out. Declared as a bean by whatever needs to hold a
 * response until a write has taken effect everywhere, such as the near cache's commit
 * wait; the store's configuration runs them all and knows none of them.
 */
@FunctionalInterface
public interface SessionWriteBarrier {

	/**
	 * Called on the request thread right after the store acknowledged the write.
	 */
	void afterWrite();

}
