package dev.sessioncluster.web.submission;

import java.util.Optional;
import java.util.function.Supplier;

import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.submission.Submissions;

/**
 * One form post and its one-time token. A controller asks, in order:
 * <ol>
 * <li>{@link #valid()}: whether the token was issued to this session for this form and
 * not spent on another; if not, it shows the form again with a message;</li>
 * <li>{@link #recorded()}: whether this submission already ran; if so, it answers as the
 * first run did, without running anything;</li>
 * <li>{@link #run}: runs the change once, recording its outcome in the same
 * transaction.</li>
 * </ol>
 */
public final class FormSubmission {

	/** The message of a post without a valid token. */
	public static final String INVALID_MESSAGE = "submission.invalid";

	private final Submissions submissions;

	private final String token;

	private final String form;

	private final Optional<SubmissionOutcome> recorded;

	FormSubmission(Submissions submissions, String token, String form, Optional<SubmissionOutcome> recorded) {
		this.submissions = submissions;
		this.token = token;
		this.form = form;
		this.recorded = recorded;
	}

	static FormSubmission invalid(String form) {
		return new FormSubmission(null, null, form, Optional.empty());
	}

	/**
	 * Whether the post carries a token this session was issued, unspent or spent on this
	 * same form.
	 * @return whether the submission may run or be replayed
	 */
	public boolean valid() {
		return this.token != null;
	}

	/**
	 * What an earlier run of this same submission answered.
	 * @return the recorded outcome, if it ran before
	 */
	public Optional<SubmissionOutcome> recorded() {
		return this.recorded;
	}

	/**
	 * Runs the change, once: if a run of the same submission committed meanwhile (a
	 * concurrent replay), its outcome is returned and {@code work} does not run.
	 * @param work the change, which joins the transaction that records its outcome
	 * @return the outcome
	 * @throws IllegalStateException if the token is not {@link #valid()}
	 */
	public SubmissionOutcome run(Supplier<SubmissionOutcome> work) {
		if (!valid()) {
			throw new IllegalStateException("No valid submission token");
		}
		return this.submissions.once(this.token, this.form, work).outcome();
	}

}
