package dev.sessioncluster.web.session;

import org.springframework.core.Ordered;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Wraps the session repository that Spring Session's filter uses. Each decorator is a
 * bean, declared by the configuration that owns it; {@link SessionRepositoryDecoration}
 * applies them all, the lowest {@linkplain #getOrder() order} first, so that it sits
 * closest to the store:
 *
 * <pre>
 * SessionRepositoryFilter
 *   → TracingSessionRepository            (TRACE, demo only: times the load for the inspector)
 *   → CountingSessionRepository           (METRICS: counts the sessions created)
 *   → AbsoluteTimeoutSessionRepository    (ABSOLUTE_TIMEOUT: refuses sessions past their absolute lifetime)
 *   → ChangeTrackingSessionRepository     (CHANGE_TRACKING: writes only what changed, never a deleted
 *                                          session, reads once per request, then the write barriers)
 *   → UnreadableSessionRepository         (UNREADABLE: a session that cannot be read is no session)
 *   → RedisSessionRepository              (Spring Boot's, or the in-memory one)
 * </pre>
 */
@FunctionalInterface
public interface SessionRepositoryDecorator extends Ordered {

	/** Right on the store: sees what the store returns. */
	int UNREADABLE = 100;

	/** Decides which saves reach the store. */
	int CHANGE_TRACKING = 200;

	/** A session past its lifetime is never handed to the application. */
	int ABSOLUTE_TIMEOUT = 300;

	/** Counts what the application asks of the store. */
	int METRICS = 400;

	/** Outermost, in the demo only: the inspector times each load. */
	int TRACE = 500;

	/**
	 * Wraps a repository.
	 * @param repository the store, or the store as already decorated
	 * @return the decorated repository
	 */
	SessionRepository<Session> decorate(SessionRepository<Session> repository);

	@Override
	default int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * A repository of some session type, seen as one of {@link Session}: safe, because
	 * the filter only ever hands a repository back the sessions it created.
	 * @param repository a repository
	 * @return the same repository
	 */
	@SuppressWarnings("unchecked")
	static SessionRepository<Session> ofSessions(SessionRepository<? extends Session> repository) {
		return (SessionRepository<Session>) repository;
	}

	/**
	 * A decorator at a given position.
	 * @param order where it sits: one of the constants of this interface
	 * @param decorator what it does
	 * @return the decorator
	 */
	static SessionRepositoryDecorator at(int order, SessionRepositoryDecorator decorator) {
		return new SessionRepositoryDecorator() {

			@Override
			public SessionRepository<Session> decorate(SessionRepository<Session> repository) {
				return decorator.decorate(repository);
			}

			@Override
			public int getOrder() {
				return order;
			}

		};
	}

}
