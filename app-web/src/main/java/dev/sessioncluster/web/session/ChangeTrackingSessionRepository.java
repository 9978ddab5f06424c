package dev.sessioncluster.web.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Brings the store's cost of a request that changes nothing in its session down to the
 * one read that loads it. Spring Session's Redis repository otherwise spends six commands
 * on such a request: its filter commits twice (when the response is committed and when
 * the request ends), re-reads the session between the two, checks that the session still
 * exists before each save, and writes the last-access time every time.
 * <p>
 * Three rules, each keeping the store's semantics:
 * <ul>
 * <li><b>Write only what changed.</b> A session is saved only if it is new, or an
 * attribute, its id or its idle timeout changed, or its expiry is due for renewal. A
 * skipped save writes nothing, so it can neither lose an update nor bring back a session
 * that another replica deleted meanwhile. Removing an attribute the session does not hold
 * is not a change.</li>
 * <li><b>Renew the idle expiry only after part of the window has passed</b>, as ASP.NET
 * Core's sliding expiration does after half of it. With a threshold of half (the default)
 * and an idle timeout of 30 minutes, the last-access time in the store (and the store's
 * TTL, which follows it) moves forward at most once per 15 minutes of use, so a session
 * expires between 15 and 30 minutes after its last request instead of exactly 30. Expiry
 * stays enforced: the store drops the key at its TTL and the repository refuses a session
 * whose stored last-access time is older than the idle timeout. A request that writes
 * anyway renews as well. A threshold of zero renews on every request.</li>
 * <li><b>Read a session once per request.</b> Within a {@link #openRequestScope() request
 * scope}, a second lookup of the same id returns the session already loaded or saved by
 * this request instead of reading the store again. The scope ends with the request, so a
 * session deleted elsewhere (signed out, ended from another device) is refused on the
 * very next request.</li>
 * <li><b>Never bring a deleted session back.</b> With an {@link ExistingSessionWriter}
 * (Redis has one), a session the store already holds is written only if it still holds
 * it, in one atomic step: a sign-out, revocation or expiry on any replica that lands
 * while a request is running wins, and the request's save writes nothing. The request
 * then ends as it would have (its database changes are committed), and its next request
 * finds no session: signed out. Only new sessions are written unconditionally.</li>
 * </ul>
 *
 * @param <S> the session type of the wrapped repository
 */
final class ChangeTrackingSessionRepository<S extends Session>
		implements SessionRepository<ChangeTrackingSessionRepository.TrackedSession<S>> {

	private static final ThreadLocal<Map<String, TrackedSession<?>>> REQUEST_SCOPE = new ThreadLocal<>();

	private final SessionRepository<S> delegate;

	private final double renewalThreshold;

	private final Runnable afterWrite;

	private final ExistingSessionWriter writer;

	/**
	 * Wraps a repository.
	 * @param delegate the store
	 * @param renewalThreshold the fraction of the idle timeout, from 0 to 1, that must
	 * have passed since the stored last access before a request renews it
	 */
	ChangeTrackingSessionRepository(SessionRepository<S> delegate, double renewalThreshold) {
		this(delegate, renewalThreshold, () -> {
		}, null);
	}

	/**
	 * Wraps a repository.
	 * @param delegate the store
	 * @param renewalThreshold the fraction of the idle timeout, from 0 to 1, that must
	 * have passed since the stored last access before a request renews it
	 * @param afterWrite runs after every save that wrote and every delete: the
	 * {@link SessionWriteBarrier}s
	 * @param writer writes the changes of sessions the store already holds, only if it
	 * still does; {@code null} to save them through the store itself
	 */
	ChangeTrackingSessionRepository(SessionRepository<S> delegate, double renewalThreshold, Runnable afterWrite,
			ExistingSessionWriter writer) {
		if (renewalThreshold < 0 || renewalThreshold > 1) {
			throw new IllegalArgumentException("The renewal threshold must be between 0 and 1");
		}
		this.delegate = delegate;
		this.renewalThreshold = renewalThreshold;
		this.afterWrite = afterWrite;
		this.writer = writer;
	}

	/**
	 * Starts remembering the sessions this thread loads or saves until the returned scope
	 * is closed. Nested calls share the outer scope, and only the outer close ends it.
	 * @return the scope, to close when the request ends
	 */
	static RequestScope openRequestScope() {
		if (REQUEST_SCOPE.get() != null) {
			return () -> {
			};
		}
		REQUEST_SCOPE.set(new HashMap<>());
		return REQUEST_SCOPE::remove;
	}

	@Override
	public TrackedSession<S> createSession() {
		return new TrackedSession<>(this.delegate.createSession(), true, this.renewalThreshold);
	}

	@Override
	public void save(TrackedSession<S> session) {
		if (session.gone) {
			return;
		}
		if (session.needsSave()) {
			session.renewIfWriting();
			if (session.isNew || this.writer == null) {
				this.delegate.save(session.delegate);
			}
			else if (!this.writer.write(session.storedId, session.delegate, session.changes)) {
				// Deleted meanwhile (signed out, ended from another device, expired): it
				// stays deleted, and this request's later lookups find no session.
				session.gone = true;
				forget(session.getId());
				return;
			}
			session.saved();
			this.afterWrite.run();
		}
		remember(session);
	}

	@Override
	public TrackedSession<S> findById(String id) {
		Map<String, TrackedSession<?>> scope = REQUEST_SCOPE.get();
		if (scope != null) {
			@SuppressWarnings("unchecked")
			TrackedSession<S> known = (TrackedSession<S>) scope.get(id);
			if (known != null && known.getId().equals(id)) {
				return known;
			}
		}
		S found = this.delegate.findById(id);
		if (found == null) {
			return null;
		}
		TrackedSession<S> session = new TrackedSession<>(found, false, this.renewalThreshold);
		remember(session);
		return session;
	}

	@Override
	public void deleteById(String id) {
		forget(id);
		this.delegate.deleteById(id);
		this.afterWrite.run();
	}

	private void forget(String id) {
		Map<String, TrackedSession<?>> scope = REQUEST_SCOPE.get();
		if (scope != null) {
			scope.remove(id);
		}
	}

	private void remember(TrackedSession<S> session) {
		Map<String, TrackedSession<?>> scope = REQUEST_SCOPE.get();
		if (scope != null) {
			scope.put(session.getId(), session);
		}
	}

	/**
	 * Writes what changed in a session that the store already holds, in one atomic step,
	 * and only if the store still holds it.
	 */
	@FunctionalInterface
	interface ExistingSessionWriter {

		/**
		 * Writes the changes, unless the session is no longer in the store.
		 * @param storedId the id the store holds the session under (the id before a
		 * change of id)
		 * @param session the session, with its current id, last access and idle timeout
		 * @param changes the attributes set since the last save, and those removed (with
		 * a {@code null} value)
		 * @return {@code false} if the store no longer held the session: nothing was
		 * written
		 */
		boolean write(String storedId, Session session, Map<String, Object> changes);

	}

	/**
	 * Ends a request scope; see {@link #openRequestScope()}.
	 */
	@FunctionalInterface
	interface RequestScope extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * A session that records whether it has changed since it was loaded or last saved.
	 *
	 * @param <S> the session type of the store
	 */
	static final class TrackedSession<S extends Session> implements Session {

		private final S delegate;

		private final double renewalThreshold;

		private boolean isNew;

		private boolean changed;

		/** The store no longer holds it: nothing more is written. */
		private boolean gone;

		/** The id the store holds this session under. */
		private String storedId;

		/** Attributes set or (with {@code null}) removed since the last save. */
		private final Map<String, Object> changes = new HashMap<>();

		private Instant lastAccess;

		TrackedSession(S delegate, boolean isNew, double renewalThreshold) {
			this.delegate = delegate;
			this.isNew = isNew;
			this.renewalThreshold = renewalThreshold;
			this.storedId = delegate.getId();
		}

		boolean needsSave() {
			return this.isNew || this.changed;
		}

		void renewIfWriting() {
			// Already renewed, the store's session holds this very access: not after it.
			if (this.lastAccess != null && this.lastAccess.isAfter(getLastAccessedTime())) {
				this.delegate.setLastAccessedTime(this.lastAccess);
			}
		}

		void saved() {
			this.isNew = false;
			this.changed = false;
			this.changes.clear();
			this.storedId = getId();
		}

		@Override
		public String getId() {
			return this.delegate.getId();
		}

		@Override
		public String changeSessionId() {
			this.changed = true;
			return this.delegate.changeSessionId();
		}

		@Override
		public <T> T getAttribute(String attributeName) {
			return this.delegate.getAttribute(attributeName);
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.delegate.getAttributeNames();
		}

		@Override
		public void setAttribute(String attributeName, Object attributeValue) {
			if (attributeValue == null) {
				removeAttribute(attributeName);
				return;
			}
			this.changed = true;
			this.changes.put(attributeName, attributeValue);
			this.delegate.setAttribute(attributeName, attributeValue);
		}

		@Override
		public void removeAttribute(String attributeName) {
			if (this.delegate.getAttributeNames().contains(attributeName)) {
				this.changed = true;
				this.changes.put(attributeName, null);
				this.delegate.removeAttribute(attributeName);
			}
		}

		@Override
		public Instant getCreationTime() {
			return this.delegate.getCreationTime();
		}

		/**
		 * Records the access, and passes it on to the store's session only when a new
		 * session is being created or the expiry is due for renewal.
		 */
		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			this.lastAccess = lastAccessedTime;
			Duration sinceStored = Duration.between(this.delegate.getLastAccessedTime(), lastAccessedTime);
			if (this.isNew || sinceStored.compareTo(renewalDue()) >= 0) {
				this.delegate.setLastAccessedTime(lastAccessedTime);
				this.changed = true;
			}
		}

		private Duration renewalDue() {
			long millis = getMaxInactiveInterval().toMillis();
			return Duration.ofMillis((long) (millis * this.renewalThreshold));
		}

		/**
		 * The last access as the store knows it: the time of the last renewal.
		 */
		@Override
		public Instant getLastAccessedTime() {
			return this.delegate.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			if (!interval.equals(this.delegate.getMaxInactiveInterval())) {
				this.changed = true;
				this.delegate.setMaxInactiveInterval(interval);
			}
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.delegate.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.delegate.isExpired();
		}

	}

}
