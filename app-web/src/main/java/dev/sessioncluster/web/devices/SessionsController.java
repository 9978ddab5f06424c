package dev.sessioncluster.web.devices;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.security.CredentialStamp;
import dev.sessioncluster.web.submission.FormSubmission;
import dev.sessioncluster.web.submission.FormSubmissions;

/**
 * "Your sessions": where the signed-in user sees every device signed in as them, and ends
 * the ones they do not recognise. Each ending runs once ({@link FormSubmission}): a
 * replay answers with the first run's message and moves the credential version no
 * further.
 */
@Controller
class SessionsController {

	static final String VIEW = "account/sessions";

	private static final String REDIRECT = "redirect:/account/sessions";

	private final UserSessions userSessions;

	private final AccountService accounts;

	private final FormSubmissions submissions;

	SessionsController(UserSessions userSessions, AccountService accounts, FormSubmissions submissions) {
		this.userSessions = userSessions;
		this.accounts = accounts;
		this.submissions = submissions;
	}

	@GetMapping("/account/sessions")
	String showSessions(HttpServletRequest request, Model model) {
		String username = CurrentUserHolder.require().username();
		model.addAttribute("sessions", this.userSessions.list(username, currentSessionId(request)));
		return VIEW;
	}

	@PostMapping("/account/sessions/{handle}/revoke")
	String revoke(@PathVariable String handle, HttpServletRequest request, RedirectAttributes redirect) {
		if (!handle.matches("[A-Za-z0-9_-]{1,64}")) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		String username = CurrentUserHolder.require().username();
		FormSubmission submission = this.submissions.of(request, "revoke");
		if (!submission.valid()) {
			redirect.addFlashAttribute("error", FormSubmission.INVALID_MESSAGE);
			return REDIRECT;
		}
		// The session is deleted inside the run, before its outcome commits: a revocation
		// is never lost. A replica dying in between makes the replay say "had already
		// ended", which is then true.
		SubmissionOutcome outcome = submission.recorded()
			.orElseGet(() -> submission
				.run(() -> SubmissionOutcome.of(this.userSessions.revoke(username, handle, currentSessionId(request))
						? "sessions.revoked" : "sessions.notFound")));
		redirect.addFlashAttribute("message", outcome.message());
		return REDIRECT;
	}

	@PostMapping("/account/sessions/revoke-others")
	String revokeOthers(HttpServletRequest request, RedirectAttributes redirect) {
		CurrentUser user = CurrentUserHolder.require();
		FormSubmission submission = this.submissions.of(request, "revoke-others");
		if (!submission.valid()) {
			redirect.addFlashAttribute("error", FormSubmission.INVALID_MESSAGE);
			return REDIRECT;
		}
		// The new version ends every other session, also one signing in right now whose
		// id is not in the list yet; this session keeps going under the new version. A
		// replay moves the version no further, and repeats only what follows the commit.
		SubmissionOutcome outcome = submission.recorded()
			.orElseGet(() -> submission
				.run(() -> new SubmissionOutcome("sessions.revokedOthers", user.id(), this.accounts.endSessions())));
		HttpSession session = request.getSession();
		CredentialStamp.advance(session, outcome.credentialVersion());
		this.userSessions.revokeOthers(user.username(), session.getId());
		redirect.addFlashAttribute("message", outcome.message());
		return REDIRECT;
	}

	private static String currentSessionId(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null) ? session.getId() : null;
	}

}
