package dev.sessioncluster.web.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Enforces an absolute lifetime on top of the store's idle timeout: a session created
 * longer ago than {@code absoluteTimeout} is deleted when it is next loaded and treated
 * as absent, however recently it was used. The check costs nothing extra: it reads the
 * creation time of the session that is being loaded anyway.
 *
 * @param <S> the session type of the wrapped repository
 */
final class AbsoluteTimeoutSessionRepository<S extends Session> implements SessionRepository<S> {

	private final SessionRepository<S> delegate;

	private final Duration absoluteTimeout;

	private final Clock clock;

	private final Runnable timedOut;

	AbsoluteTimeoutSessionRepository(SessionRepository<S> delegate, Duration absoluteTimeout, Clock clock,
			Runnable timedOut) {
		this.delegate = delegate;
		this.absoluteTimeout = absoluteTimeout;
		this.clock = clock;
		this.timedOut = timedOut;
	}

	@Override
	public S createSession() {
		return this.delegate.createSession();
	}

	@Override
	public void save(S session) {
		this.delegate.save(session);
	}

	@Override
	public S findById(String id) {
		S session = this.delegate.findById(id);
		if (session != null && isPastAbsoluteTimeout(session)) {
			this.delegate.deleteById(id);
			this.timedOut.run();
			return null;
		}
		return session;
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
	}

	boolean isPastAbsoluteTimeout(Session session) {
		Instant created = session.getCreationTime();
		return created.plus(this.absoluteTimeout).isBefore(Instant.now(this.clock));
	}

}
