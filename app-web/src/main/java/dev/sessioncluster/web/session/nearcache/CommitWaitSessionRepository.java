package dev.sessioncluster.web.session.nearcache;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Holds the request after every write that reaches the store, for the near cache's commit
 * wait ({@link SessionNearCache#awaitCommit()}): no request that starts after the
 * response can then be served a copy from before the write, on any replica. It sits right
 * on the store, so a save that the change tracking skips does not wait.
 *
 * @param <S> the session type of the store
 */
final class CommitWaitSessionRepository<S extends Session> implements SessionRepository<S> {

	private final SessionRepository<S> delegate;

	private final Runnable commitWait;

	CommitWaitSessionRepository(SessionRepository<S> delegate, Runnable commitWait) {
		this.delegate = delegate;
		this.commitWait = commitWait;
	}

	@Override
	public S createSession() {
		return this.delegate.createSession();
	}

	@Override
	public void save(S session) {
		this.delegate.save(session);
		this.commitWait.run();
	}

	@Override
	public S findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
		this.commitWait.run();
	}

}
