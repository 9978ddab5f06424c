package dev.sessioncluster.submission;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each submission once, however often it is sent. The submission's one-time token is
 * the primary key of a {@link Submission} row, inserted first in the transaction that
 * makes the change, and completed with the outcome before it commits:
 *
 * <ul>
 * <li>a replay after the commit finds the row and its outcome, whichever replica it
 * reaches, and whatever the first replica managed to write elsewhere before it died;</li>
 * <li>a replay during the first run waits on the key until the first transaction ends,
 * then fails to insert and reads the outcome (or, if the first run rolled back, runs
 * itself);</li>
 * <li>a run that fails (bad input) rolls back with its row: the token is still unused and
 * the form can be sent again.</li>
 * </ul>
 */
@Service
public class Submissions {

	/** How long a copy waits for the run that holds its token, at most. */
	private static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private final SubmissionRepository repository;

	private final TransactionTemplate transactions;

	private final TransactionTemplate reads;

	Submissions(SubmissionRepository repository, PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.transactions = new TransactionTemplate(transactionManager);
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	/**
	 * The submission that ran under a token, if one did.
	 * @param token the one-time token
	 * @return the recorded submission
	 */
	public Optional<Submission> find(String token) {
		return this.reads.execute((status) -> this.repository.findById(token));
	}

	/**
	 * Runs {@code work} under {@code token}, unless a submission under that token has run
	 * already: then returns that one's record without running anything. The work joins
	 * the transaction that records it, so its database changes and the record commit
	 * together or not at all.
	 * @param token the one-time token
	 * @param form the form submitted, recorded with the outcome
	 * @param work the change; its exceptions roll everything back and propagate
	 * @return the submission that ran, now or before (compare its
	 * {@link Submission#getForm() form})
	 */
	public Submission once(String token, String form, Supplier<SubmissionOutcome> work) {
		Instant deadline = Instant.now().plus(MAX_WAIT);
		while (true) {
			try {
				return this.transactions.execute((status) -> {
					Submission claimed = claim(token, form);
					claimed.complete(work.get());
					return claimed;
				});
			}
			catch (AlreadyClaimedException ex) {
				// The other run committed: its outcome is the answer. (One that rolled
				// back frees the key, and the next insert succeeds.)
				Optional<Submission> done = find(token);
				if (done.isPresent()) {
					return done.get();
				}
				// Still running: PostgreSQL waits for it inside the insert, H2 only for
				// its lock timeout. Wait on it again.
				if (Instant.now().isAfter(deadline)) {
					throw ex.failure;
				}
			}
		}
	}

	/**
	 * Deletes the records older than {@code before}: their tokens can no longer be sent.
	 * @param before the oldest record to keep
	 * @return how many records were deleted
	 */
	public int deleteCreatedBefore(Instant before) {
		Integer deleted = this.transactions.execute((status) -> this.repository.deleteCreatedBefore(before));
		return (deleted != null) ? deleted : 0;
	}

	private Submission claim(String token, String form) {
		try {
			return this.repository.saveAndFlush(new Submission(token, form, Instant.now()));
		}
		catch (DataAccessException ex) {
			// The primary key is taken (PostgreSQL, H2), or H2 gave up waiting for the
			// transaction that holds it.
			throw new AlreadyClaimedException(ex);
		}
	}

	/** The token's row exists, or another transaction holds it. */
	private static final class AlreadyClaimedException extends RuntimeException {

		private final transient DataAccessException failure;

		AlreadyClaimedException(DataAccessException failure) {
			super(failure.getMessage(), failure, false, false);
			this.failure = failure;
		}

	}

}
