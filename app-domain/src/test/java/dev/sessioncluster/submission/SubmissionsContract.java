package dev.sessioncluster.submission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What every supported database must show for {@link Submissions}: a token runs its work
 * once, also when replays race, and a run that fails leaves the token unused. The tests
 * commit for real (no test transaction): the race is between transactions.
 */
@DataJpaTest
@Import(Submissions.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class SubmissionsContract {

	@Autowired
	Submissions submissions;

	@Autowired
	JdbcTemplate jdbc;

	/**
	 * How many database sessions wait on a lock right now.
	 * @param jdbc the database
	 * @return the count
	 */
	abstract int waitingOnLocks(JdbcTemplate jdbc);

	@Test
	void aReplayReturnsTheRecordedOutcomeWithoutRunning() {
		String token = token();
		AtomicInteger runs = new AtomicInteger();

		Submission first = this.submissions.once(token, "profile", () -> {
			runs.incrementAndGet();
			return new SubmissionOutcome("profile.saved", 7L, 3L);
		});
		Submission replay = this.submissions.once(token, "profile", () -> {
			runs.incrementAndGet();
			return SubmissionOutcome.of("ran again");
		});

		assertThat(runs).hasValue(1);
		assertThat(replay.outcome()).isEqualTo(first.outcome())
			.isEqualTo(new SubmissionOutcome("profile.saved", 7L, 3L));
		assertThat(this.submissions.find(token)).get().extracting(Submission::getForm).isEqualTo("profile");
	}

	@Test
	void concurrentReplaysRunTheWorkOnce() throws Exception {
		String token = token();
		AtomicInteger runs = new AtomicInteger();
		int replays = 4;
		CountDownLatch firstIsRunning = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(replays);
		try {
			List<Future<SubmissionOutcome>> answers = new ArrayList<>();
			// The first run holds its claim, uncommitted, until every replay is waiting
			// on
			// the same key in the database.
			answers.add(pool.submit(() -> this.submissions.once(token, "password", () -> {
				runs.incrementAndGet();
				firstIsRunning.countDown();
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLocks(this.jdbc) >= replays - 1);
				return new SubmissionOutcome("password.changed", 1L, 2L);
			}).outcome()));
			await(firstIsRunning);
			for (int i = 1; i < replays; i++) {
				answers.add(pool.submit(() -> this.submissions.once(token, "password", () -> {
					runs.incrementAndGet();
					return SubmissionOutcome.of("ran again");
				}).outcome()));
			}
			for (Future<SubmissionOutcome> answer : answers) {
				assertThat(answer.get(30, TimeUnit.SECONDS))
					.isEqualTo(new SubmissionOutcome("password.changed", 1L, 2L));
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(runs).hasValue(1);
	}

	@Test
	void aRunThatFailsLeavesTheTokenUnused() {
		String token = token();

		assertThatIllegalStateException().isThrownBy(() -> this.submissions.once(token, "profile", () -> {
			throw new IllegalStateException("bad input");
		}));
		assertThat(this.submissions.find(token)).isEmpty();

		Submission second = this.submissions.once(token, "profile", () -> SubmissionOutcome.of("profile.saved"));
		assertThat(second.outcome().message()).isEqualTo("profile.saved");
	}

	@Test
	void oldRecordsAreDeleted() {
		String token = token();
		this.submissions.once(token, "profile", () -> SubmissionOutcome.of("profile.saved"));

		assertThat(this.submissions.deleteCreatedBefore(Instant.now().minus(Duration.ofHours(1)))).isZero();
		assertThat(this.submissions.deleteCreatedBefore(Instant.now().plusSeconds(1))).isPositive();
		assertThat(this.submissions.find(token)).isEmpty();
	}

	private static String token() {
		return UUID.randomUUID().toString();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
