package dev.sessioncluster.web.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import dev.sessioncluster.web.session.ChangeTrackingSessionRepository.RequestScope;
import dev.sessioncluster.web.session.ChangeTrackingSessionRepository.TrackedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChangeTrackingSessionRepositoryTests {

	private static final Duration IDLE = Duration.ofMinutes(30);

	private final Map<String, Session> store = new ConcurrentHashMap<>();

	private final CountingRepository counting = new CountingRepository(new MapSessionRepository(this.store));

	private final ChangeTrackingSessionRepository<MapSession> sessions = new ChangeTrackingSessionRepository<>(
			this.counting, 0.5);

	@Test
	void aNewSessionIsSaved() {
		TrackedSession<MapSession> session = this.sessions.createSession();
		this.sessions.save(session);

		assertThat(this.counting.saves).isEqualTo(1);
		assertThat(this.store).containsKey(session.getId());
	}

	@Test
	void aSessionUsedWithinHalfItsIdleTimeoutIsNotWrittenBack() {
		String id = stored(Duration.ofMinutes(14));
		Instant storedAccess = this.store.get(id).getLastAccessedTime();

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.setLastAccessedTime(Instant.now());
		session.getAttribute("user");
		this.sessions.save(session);

		assertThat(this.counting.saves).isZero();
		assertThat(this.store.get(id).getLastAccessedTime()).isEqualTo(storedAccess);
	}

	@Test
	void aSessionUsedAfterHalfItsIdleTimeoutHasItsExpiryRenewed() {
		String id = stored(Duration.ofMinutes(16));
		Instant now = Instant.now();

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.setLastAccessedTime(now);
		this.sessions.save(session);

		assertThat(this.counting.saves).isEqualTo(1);
		assertThat(this.store.get(id).getLastAccessedTime()).isEqualTo(now);
	}

	@Test
	void aThresholdOfZeroRenewsOnEveryRequest() {
		ChangeTrackingSessionRepository<MapSession> everyRequest = new ChangeTrackingSessionRepository<>(this.counting,
				0);
		String id = stored(Duration.ofSeconds(1));
		Instant now = Instant.now();

		TrackedSession<MapSession> session = everyRequest.findById(id);
		session.setLastAccessedTime(now);
		everyRequest.save(session);

		assertThat(this.store.get(id).getLastAccessedTime()).isEqualTo(now);
	}

	@Test
	void aChangedAttributeIsSavedAndRenewsTheExpiryOnTheWay() {
		String id = stored(Duration.ofMinutes(1));
		Instant now = Instant.now();

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.setLastAccessedTime(now);
		session.setAttribute("colour", "blue");
		this.sessions.save(session);

		assertThat(this.counting.saves).isEqualTo(1);
		assertThat((String) this.store.get(id).getAttribute("colour")).isEqualTo("blue");
		assertThat(this.store.get(id).getLastAccessedTime()).isEqualTo(now);
	}

	@Test
	void removingAnAttributeTheSessionDoesNotHoldIsNoChange() {
		String id = stored(Duration.ofMinutes(1));

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.removeAttribute("absent");
		session.setAttribute("also-absent", null);
		this.sessions.save(session);

		assertThat(this.counting.saves).isZero();
	}

	@Test
	void settingAnAttributeToNullRemovesIt() {
		String id = stored(Duration.ofMinutes(1));
		this.store.get(id).setAttribute("user", "alice");

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.setAttribute("user", null);
		this.sessions.save(session);

		assertThat(this.counting.saves).isEqualTo(1);
		assertThat(this.store.get(id).getAttributeNames()).doesNotContain("user");
	}

	@Test
	void removingAnAttributeTheSessionHoldsIsSaved() {
		String id = stored(Duration.ofMinutes(1));
		this.store.get(id).setAttribute("colour", "blue");

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.removeAttribute("colour");
		this.sessions.save(session);

		assertThat(this.store.get(id).getAttributeNames()).doesNotContain("colour");
	}

	@Test
	void aNewIdOrIdleTimeoutIsSaved() {
		String id = stored(Duration.ofMinutes(1));

		TrackedSession<MapSession> session = this.sessions.findById(id);
		session.setMaxInactiveInterval(IDLE);
		this.sessions.save(session);
		assertThat(this.counting.saves).as("the same idle timeout again").isZero();

		session.setMaxInactiveInterval(Duration.ofMinutes(10));
		this.sessions.save(session);
		String newId = session.changeSessionId();
		this.sessions.save(session);

		assertThat(this.counting.saves).isEqualTo(2);
		assertThat(this.store).containsKey(newId).doesNotContainKey(id);
		assertThat(this.store.get(newId).getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void aSessionIdleForLongerThanItsTimeoutIsNotFound() {
		String id = stored(IDLE.plusSeconds(1));

		assertThat(this.sessions.findById(id)).isNull();
	}

	@Test
	void withinARequestScopeTheStoreIsReadOncePerSession() {
		String id = stored(Duration.ofMinutes(1));

		try (RequestScope scope = ChangeTrackingSessionRepository.openRequestScope()) {
			TrackedSession<MapSession> first = this.sessions.findById(id);
			this.sessions.save(first);
			assertThat(this.sessions.findById(id)).isSameAs(first);
		}

		assertThat(this.counting.reads).isEqualTo(1);
		this.sessions.findById(id);
		assertThat(this.counting.reads).as("after the scope").isEqualTo(2);
	}

	@Test
	void aNestedScopeDoesNotEndTheOuterOne() {
		String id = stored(Duration.ofMinutes(1));

		try (RequestScope outer = ChangeTrackingSessionRepository.openRequestScope()) {
			RequestScope inner = ChangeTrackingSessionRepository.openRequestScope();
			this.sessions.findById(id);
			inner.close();
			this.sessions.findById(id);
		}

		assertThat(this.counting.reads).isEqualTo(1);
	}

	@Test
	void aSessionDeletedWithinTheScopeIsGone() {
		String id = stored(Duration.ofMinutes(1));

		try (RequestScope scope = ChangeTrackingSessionRepository.openRequestScope()) {
			this.sessions.findById(id);
			this.sessions.deleteById(id);
			assertThat(this.sessions.findById(id)).isNull();
		}
	}

	@Test
	void everyWriteAndDeleteIsFollowedByTheCommitWaitAndNothingElseIs() {
		AtomicInteger waits = new AtomicInteger();
		ChangeTrackingSessionRepository<MapSession> waiting = new ChangeTrackingSessionRepository<>(this.counting, 0.5,
				waits::incrementAndGet, null);
		String id = stored(Duration.ofMinutes(1));

		TrackedSession<MapSession> unchanged = waiting.findById(id);
		unchanged.setLastAccessedTime(Instant.now());
		waiting.save(unchanged);
		assertThat(waits).as("a save that writes nothing").hasValue(0);

		TrackedSession<MapSession> changed = waiting.findById(id);
		changed.setAttribute("user", "alice");
		waiting.save(changed);
		assertThat(waits).as("a save that writes").hasValue(1);

		waiting.save(waiting.createSession());
		assertThat(waits).as("a new session").hasValue(2);

		waiting.deleteById(id);
		assertThat(waits).as("a delete").hasValue(3);
		assertThat(this.store).doesNotContainKey(id);
	}

	@Test
	void aStoredSessionIsWrittenByTheWriterWithWhatChangedAndANewSessionByTheStore() {
		List<String> written = new ArrayList<>();
		ChangeTrackingSessionRepository<MapSession> conditional = new ChangeTrackingSessionRepository<>(this.counting,
				0.5, () -> {
				}, (storedId, session, changes) -> written.add(storedId + "->" + session.getId() + " " + changes));
		TrackedSession<MapSession> created = conditional.createSession();
		created.setAttribute("a", "1");
		conditional.save(created);
		String firstId = created.getId();

		created.setAttribute("b", "2");
		created.removeAttribute("a");
		String newId = created.changeSessionId();
		conditional.save(created);

		assertThat(this.counting.saves).as("the new session, by the store").isEqualTo(1);
		assertThat(written).containsExactly(firstId + "->" + newId + " {a=null, b=2}");
	}

	@Test
	void aSessionTheWriterFoundGoneIsForgottenAndNotWaitedFor() {
		AtomicInteger waits = new AtomicInteger();
		ChangeTrackingSessionRepository<MapSession> conditional = new ChangeTrackingSessionRepository<>(this.counting,
				0.5, waits::incrementAndGet, (storedId, session, changes) -> false);
		String id = stored(Duration.ofMinutes(1));
		try (RequestScope scope = ChangeTrackingSessionRepository.openRequestScope()) {
			TrackedSession<MapSession> session = conditional.findById(id);
			session.setAttribute("user", "alice");
			this.store.remove(id);

			conditional.save(session);
			conditional.save(session);

			assertThat(conditional.findById(id)).as("read again, not from the request scope").isNull();
		}
		assertThat(this.counting.saves).isZero();
		assertThat(waits).hasValue(0);
	}

	@Test
	void theExpiryIsRenewedFromExactlyTheThresholdOn() {
		Instant storedAccess = Instant.now().minus(Duration.ofMinutes(20));
		String id = storedAt(storedAccess);

		TrackedSession<MapSession> early = this.sessions.findById(id);
		early.setLastAccessedTime(storedAccess.plus(IDLE.dividedBy(2)).minusMillis(1));
		this.sessions.save(early);
		assertThat(this.counting.saves).as("a millisecond before half the idle timeout").isZero();

		TrackedSession<MapSession> due = this.sessions.findById(id);
		Instant half = storedAccess.plus(IDLE.dividedBy(2));
		due.setLastAccessedTime(half);
		this.sessions.save(due);
		assertThat(this.counting.saves).as("at half the idle timeout").isEqualTo(1);
		assertThat(this.store.get(id).getLastAccessedTime()).isEqualTo(half);
	}

	@Test
	void aNewSessionKeepsTheAccessItWasGivenThoughTheThresholdIsNotReached() {
		TrackedSession<MapSession> session = this.sessions.createSession();
		Instant access = session.getCreationTime().plusSeconds(1);

		session.setLastAccessedTime(access);
		this.sessions.save(session);

		assertThat(this.store.get(session.getId()).getLastAccessedTime()).isEqualTo(access);
	}

	@Test
	void aSavedSessionIsNotWrittenAgainUntilItChangesAgain() {
		AtomicInteger waits = new AtomicInteger();
		ChangeTrackingSessionRepository<MapSession> waiting = new ChangeTrackingSessionRepository<>(this.counting, 0.5,
				waits::incrementAndGet, null);
		TrackedSession<MapSession> created = waiting.createSession();
		waiting.save(created);
		waiting.save(created);
		assertThat(this.counting.saves).as("a new session, saved twice").isEqualTo(1);

		TrackedSession<MapSession> found = waiting.findById(created.getId());
		found.setAttribute("user", "alice");
		waiting.save(found);
		waiting.save(found);

		assertThat(this.counting.saves).as("a changed session, saved twice").isEqualTo(2);
		assertThat(waits).hasValue(2);
	}

	@Test
	void theWriterGetsWhatChangedSinceTheLastSaveUnderTheIdTheStoreHoldsNow() {
		List<String> written = new ArrayList<>();
		ChangeTrackingSessionRepository<MapSession> conditional = new ChangeTrackingSessionRepository<>(this.counting,
				0.5, () -> {
				}, (storedId, session, changes) -> written.add(storedId + "->" + session.getId() + " " + changes));
		String id = stored(Duration.ofMinutes(1));
		TrackedSession<MapSession> session = conditional.findById(id);

		session.setAttribute("a", "1");
		String newId = session.changeSessionId();
		conditional.save(session);
		session.setAttribute("b", "2");
		conditional.save(session);

		assertThat(written).containsExactly(id + "->" + newId + " {a=1}", newId + "->" + newId + " {b=2}");
	}

	@Test
	void withinARequestScopeASavedSessionIsFoundUnderItsNewIdWithoutReadingTheStore() {
		try (RequestScope scope = ChangeTrackingSessionRepository.openRequestScope()) {
			TrackedSession<MapSession> created = this.sessions.createSession();
			this.sessions.save(created);
			assertThat(this.sessions.findById(created.getId())).isSameAs(created);

			String id = stored(Duration.ofMinutes(1));
			TrackedSession<MapSession> found = this.sessions.findById(id);
			String newId = found.changeSessionId();
			this.sessions.save(found);
			assertThat(this.sessions.findById(newId)).isSameAs(found);
		}
		assertThat(this.counting.reads).as("only the stored session, once").isEqualTo(1);
	}

	@Test
	void aSessionWhoseNewIdTheWriterFoundGoneIsForgottenUnderThatIdToo() {
		AtomicBoolean stillStored = new AtomicBoolean(true);
		ChangeTrackingSessionRepository<MapSession> conditional = new ChangeTrackingSessionRepository<>(this.counting,
				0.5, () -> {
				}, (storedId, session, changes) -> stillStored.get());
		String id = stored(Duration.ofMinutes(1));
		try (RequestScope scope = ChangeTrackingSessionRepository.openRequestScope()) {
			TrackedSession<MapSession> session = conditional.findById(id);
			String newId = session.changeSessionId();
			conditional.save(session);
			assertThat(conditional.findById(newId)).isSameAs(session);

			session.setAttribute("user", "alice");
			stillStored.set(false);
			conditional.save(session);

			assertThat(conditional.findById(newId)).as("read again, not from the request scope").isNull();
		}
	}

	@Test
	void aTrackedSessionShowsTheStoresSession() {
		String id = stored(Duration.ofMinutes(1));
		MapSession inStore = (MapSession) this.store.get(id);
		inStore.setAttribute("colour", "blue");

		TrackedSession<MapSession> session = this.sessions.findById(id);

		assertThat(session.getCreationTime()).isEqualTo(inStore.getCreationTime());
		assertThat(session.getAttributeNames()).containsExactly("colour");
		assertThat(session.<String>getAttribute("colour")).isEqualTo("blue");
		assertThat(session.isExpired()).isFalse();
		TrackedSession<MapSession> created = this.sessions.createSession();
		created.setLastAccessedTime(Instant.now().minus(created.getMaxInactiveInterval()).minusSeconds(1));
		assertThat(created.isExpired()).isTrue();
	}

	@Test
	void theThresholdIsAFraction() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChangeTrackingSessionRepository<>(this.counting, 1.5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChangeTrackingSessionRepository<>(this.counting, -0.1));
	}

	@Test
	void aThresholdOfOneRenewsOnlyOnceTheWholeIdleTimeoutHasPassed() {
		ChangeTrackingSessionRepository<MapSession> whole = new ChangeTrackingSessionRepository<>(this.counting, 1);
		String id = stored(IDLE.minusMinutes(1));

		TrackedSession<MapSession> session = whole.findById(id);
		session.setLastAccessedTime(Instant.now());
		whole.save(session);

		assertThat(this.counting.saves).isZero();
	}

	private String storedAt(Instant lastAccess) {
		MapSession session = new MapSession();
		session.setMaxInactiveInterval(IDLE);
		session.setCreationTime(lastAccess);
		session.setLastAccessedTime(lastAccess);
		this.store.put(session.getId(), session);
		return session.getId();
	}

	private String stored(Duration idleFor) {
		MapSession session = new MapSession();
		session.setMaxInactiveInterval(IDLE);
		session.setCreationTime(Instant.now().minus(idleFor));
		session.setLastAccessedTime(Instant.now().minus(idleFor));
		this.store.put(session.getId(), session);
		return session.getId();
	}

	/**
	 * Counts what reaches the store.
	 */
	static final class CountingRepository implements SessionRepository<MapSession> {

		private final MapSessionRepository delegate;

		int reads;

		int saves;

		CountingRepository(MapSessionRepository delegate) {
			this.delegate = delegate;
		}

		@Override
		public MapSession createSession() {
			return this.delegate.createSession();
		}

		@Override
		public void save(MapSession session) {
			this.saves++;
			this.delegate.save(session);
		}

		@Override
		public MapSession findById(String id) {
			this.reads++;
			return this.delegate.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

	}

}
