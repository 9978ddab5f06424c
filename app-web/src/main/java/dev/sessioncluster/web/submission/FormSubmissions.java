package dev.sessioncluster.web.submission;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.sessioncluster.submission.Submission;
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.submission.Submissions;

/**
 * Where controllers start handling a form post: {@link #of} checks the post's token and
 * finds what an earlier run of the same submission recorded.
 */
@Component
public class FormSubmissions {

	private final SubmissionTokens tokens;

	private final Submissions submissions;

	FormSubmissions(SubmissionTokens tokens, Submissions submissions) {
		this.tokens = tokens;
		this.submissions = submissions;
	}

	/**
	 * The submission a form post makes.
	 * @param request the form post
	 * @param form the form's name, recorded with the outcome
	 * @return the submission
	 */
	public FormSubmission of(HttpServletRequest request, String form) {
		Optional<String> token = this.tokens.verified(request);
		if (token.isEmpty()) {
			return FormSubmission.invalid(form);
		}
		Optional<Submission> recorded = this.submissions.find(token.get());
		if (recorded.isPresent() && !recorded.get().getForm().equals(form)) {
			// A token used for one form cannot be spent on another.
			return FormSubmission.invalid(form);
		}
		return new FormSubmission(this.submissions, token.get(), form, recorded.map(Submission::outcome));
	}

	/**
	 * The change of credentials a request replays, when it replays a submission of its
	 * own session that moved an account's credential version (a new password, "end all
	 * other sessions").
	 * @param request the request
	 * @return the recorded outcome, with the account and the version it left
	 */
	public Optional<SubmissionOutcome> replayedCredentialChange(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return Optional.empty();
		}
		return this.tokens.verified(request)
			.flatMap(this.submissions::find)
			.map(Submission::outcome)
			.filter((outcome) -> outcome.accountId() != null && outcome.credentialVersion() != null);
	}

}
