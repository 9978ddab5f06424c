package dev.sessioncluster.web.submission;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page the {@code submission} model attribute that forms ask for a token:
 * {@code th:value="${submission.token()}"} (see the {@code submission} fragment of
 * {@code fragments/forms.html}). Nothing happens until a form asks, so pages without a
 * form never touch the session.
 */
@ControllerAdvice
class SubmissionTokenAdvice {

	private final SubmissionTokens tokens;

	SubmissionTokenAdvice(SubmissionTokens tokens) {
		this.tokens = tokens;
	}

	@ModelAttribute("submission")
	TokenSource submission(HttpServletRequest request) {
		return new TokenSource(this.tokens, request);
	}

	/**
	 * Issues a new token each time a form of the page asks.
	 */
	public static final class TokenSource {

		private final SubmissionTokens tokens;

		private final HttpServletRequest request;

		TokenSource(SubmissionTokens tokens, HttpServletRequest request) {
			this.tokens = tokens;
			this.request = request;
		}

		/**
		 * A new token for one form.
		 * @return the token
		 */
		public String token() {
			return this.tokens.issue(this.request.getSession());
		}

	}

}
