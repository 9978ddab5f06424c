package dev.sessioncluster.web.inspector;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Records, for the inspector, which replica created each session, and how long the
 * request's session took to load and how many Redis commands that cost: none when the
 * near cache answered.
 *
 * @param <S> the session type
 */
final class TracingSessionRepository<S extends Session> implements SessionRepository<S> {

	/** The session attribute naming the replica that created the session. */
	static final String CREATED_ON = "sessioncluster.created-on";

	private final SessionRepository<S> delegate;

	private final String replicaId;

	private final Supplier<NearCacheState> nearCache;

	/**
	 * @param delegate the repository
	 * @param replicaId this replica
	 * @param nearCache what the near cache can do now
	 */
	TracingSessionRepository(SessionRepository<S> delegate, String replicaId, Supplier<NearCacheState> nearCache) {
		this.delegate = delegate;
		this.replicaId = replicaId;
		this.nearCache = nearCache;
	}

	@Override
	public S createSession() {
		S session = this.delegate.createSession();
		session.setAttribute(CREATED_ON, this.replicaId);
		return session;
	}

	@Override
	public void save(S session) {
		this.delegate.save(session);
	}

	@Override
	public S findById(String id) {
		Optional<RequestTrace> trace = RequestTrace.current();
		if (trace.isEmpty() || trace.get().sessionLoaded()) {
			return this.delegate.findById(id);
		}
		int commands = trace.get().redisCommands();
		NearCacheState state = this.nearCache.get();
		long start = System.nanoTime();
		S session = this.delegate.findById(id);
		trace.get().sessionLoaded(System.nanoTime() - start, trace.get().redisCommands() - commands, state);
		return session;
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
	}

}
