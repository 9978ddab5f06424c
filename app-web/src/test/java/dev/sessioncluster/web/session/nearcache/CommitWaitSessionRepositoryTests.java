package dev.sessioncluster.web.session.nearcache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

class CommitWaitSessionRepositoryTests {

	private final AtomicInteger waits = new AtomicInteger();

	private final MapSessionRepository store = new MapSessionRepository(new ConcurrentHashMap<>());

	private final CommitWaitSessionRepository<MapSession> sessions = new CommitWaitSessionRepository<>(this.store,
			this.waits::incrementAndGet);

	@Test
	void everyWriteAndDeleteIsFollowedByTheCommitWaitAndNothingElseIs() {
		MapSession session = this.sessions.createSession();
		assertThat(this.waits).as("creating a session in memory").hasValue(0);

		this.sessions.save(session);
		assertThat(this.waits).as("a save").hasValue(1);

		assertThat(this.sessions.findById(session.getId())).isNotNull();
		assertThat(this.waits).as("a read").hasValue(1);

		this.sessions.deleteById(session.getId());
		assertThat(this.waits).as("a delete").hasValue(2);
		assertThat(this.store.findById(session.getId())).isNull();
	}

}
