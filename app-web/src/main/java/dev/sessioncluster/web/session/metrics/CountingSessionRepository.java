package dev.sessioncluster.web.session.metrics;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Counts the sessions the application creates, and passes everything on.
 *
 * @param <S> the session type
 */
final class CountingSessionRepository<S extends Session> implements SessionRepository<S> {

	private final SessionRepository<S> delegate;

	private final SessionMetrics metrics;

	CountingSessionRepository(SessionRepository<S> delegate, SessionMetrics metrics) {
		this.delegate = delegate;
		this.metrics = metrics;
	}

	@Override
	public S createSession() {
		S session = this.delegate.createSession();
		this.metrics.created();
		return session;
	}

	@Override
	public void save(S session) {
		this.delegate.save(session);
	}

	@Override
	public S findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
	}

}
