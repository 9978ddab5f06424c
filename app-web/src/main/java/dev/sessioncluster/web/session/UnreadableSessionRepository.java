package dev.sessioncluster.web.session;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Treats a session that the store holds but cannot read as no session: it is deleted and
 * the visitor is signed out, instead of every request with that cookie failing with an
 * error page on every replica until the key expires. Examples: a hash without its
 * creation time (which a save racing a delete used to leave behind), a value that no
 * longer decodes (written by another version, or by hand). A store that cannot be reached
 * is another matter and still fails the request ({@link DataAccessException}, answered
 * with a 503).
 *
 * @param <S> the session type of the wrapped repository
 */
final class UnreadableSessionRepository<S extends Session> implements SessionRepository<S> {

	private static final Log logger = LogFactory.getLog(UnreadableSessionRepository.class);

	private final SessionRepository<S> delegate;

	UnreadableSessionRepository(SessionRepository<S> delegate) {
		this.delegate = delegate;
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
		try {
			return this.delegate.findById(id);
		}
		catch (DataAccessException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.warn("Deleting a stored session that cannot be read", ex);
			this.delegate.deleteById(id);
			return null;
		}
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
	}

}
