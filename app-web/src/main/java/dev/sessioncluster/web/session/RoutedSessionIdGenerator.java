package dev.sessioncluster.web.session;

import org.springframework.session.SessionIdGenerator;

/**
 * For sticky load balancing ({@code app.session.strategy=sticky}): the id of a session
 * this replica creates ends with the replica's name, {@code <random>.<route>}, as
 * Tomcat's {@code jvmRoute} does. The balancer reads the route from the cookie (or the
 * {@code sid} parameter) and sends the request to that replica. Hashing the whole id
 * would not do: a session is created on whichever replica the first request reached, and
 * its id, new again at sign-in, hashes to any replica.
 */
final class RoutedSessionIdGenerator implements SessionIdGenerator {

	private final SessionIdGenerator random;

	private final String route;

	/**
	 * @param random makes the random part
	 * @param route this replica's name: 1 to 31 letters, digits, '_' or '-'
	 */
	RoutedSessionIdGenerator(SessionIdGenerator random, String route) {
		if (!route.matches("[A-Za-z0-9_-]{1,31}")) {
			throw new IllegalArgumentException("Sticky sessions need app.replica-id to be 1 to 31 letters, digits, "
					+ "'_' or '-' (it ends every session id), not '" + route + "'");
		}
		this.random = random;
		this.route = route;
	}

	@Override
	public String generate() {
		return this.random.generate() + "." + this.route;
	}

}
