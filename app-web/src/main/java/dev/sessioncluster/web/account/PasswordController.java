package dev.sessioncluster.web.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.sessioncluster.account.AccountInput;
import dev.sessioncluster.account.AccountInputException;
import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.devices.UserSessions;
import dev.sessioncluster.web.security.AttemptCounter;
import dev.sessioncluster.web.security.AttemptLimiter;
import dev.sessioncluster.web.security.CredentialStamp;
import dev.sessioncluster.web.submission.FormSubmission;
import dev.sessioncluster.web.submission.FormSubmissions;

/**
 * Changes the signed-in user's password. Checks of the current password are limited per
 * account ({@link AccountLimits#PASSWORD_CHECK}); a refused check answers
 * {@code 429 Too Many Requests} with the form and a message, and checks nothing. A
 * submission runs once ({@link FormSubmission}): a replay of a change that went through
 * answers "changed" again, checks no password and counts no attempt, and the password
 * changes once.
 */
@Controller
class PasswordController {

	static final String VIEW = "account/password";

	private static final String FORM = "form";

	private final AccountService accounts;

	private final UserSessions userSessions;

	private final AttemptLimiter limiter;

	private final FormSubmissions submissions;

	PasswordController(AccountService accounts, UserSessions userSessions, AttemptLimiter limiter,
			FormSubmissions submissions) {
		this.accounts = accounts;
		this.userSessions = userSessions;
		this.limiter = limiter;
		this.submissions = submissions;
	}

	@GetMapping("/account/password")
	String initPasswordForm(Model model) {
		model.addAttribute(FORM, PasswordForm.empty());
		return VIEW;
	}

	@PostMapping("/account/password")
	String processPasswordForm(@Valid @ModelAttribute(FORM) PasswordForm form, BindingResult result,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		FormSubmission submission = this.submissions.of(request, "password");
		if (!submission.valid()) {
			result.reject(FormSubmission.INVALID_MESSAGE);
			return VIEW;
		}
		if (submission.recorded().isPresent()) {
			return changed(submission.recorded().get(), request, redirect);
		}
		if (!result.hasErrors()) {
			CurrentUser user = CurrentUserHolder.require();
			AttemptCounter checks = AccountLimits.passwordCheck(user.id());
			if (!this.limiter.tryAttempt(checks)) {
				result.reject("password.tooManyChecks", new Object[] { AccountLimits.PASSWORD_CHECK.windowMinutes() },
						null);
				response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
				return VIEW;
			}
			try {
				SubmissionOutcome outcome = submission.run(() -> new SubmissionOutcome("password.changed", user.id(),
						this.accounts.changePassword(form.toChange())));
				this.limiter.reset(checks);
				return changed(outcome, request, redirect);
			}
			catch (AccountInputException ex) {
				if (ex.input() != AccountInput.CURRENT_PASSWORD) {
					// The current password was right: this attempt was no guess.
					this.limiter.reset(checks);
				}
				result.rejectValue((ex.input() == AccountInput.CURRENT_PASSWORD) ? "currentPassword" : "newPassword",
						ex.code());
			}
		}
		// Thymeleaf never writes the value of a password field back into the page.
		return VIEW;
	}

	/**
	 * What follows a password change, first run or replay alike: all of it is safe to
	 * repeat.
	 */
	private String changed(SubmissionOutcome outcome, HttpServletRequest request, RedirectAttributes redirect) {
		// ASVS 3.3.3: a new password ends every other session of the user. The new
		// version ends them all, also a sign-in that raced this change; the list removes
		// them from the store and from "Your sessions" now.
		HttpSession session = request.getSession();
		CredentialStamp.advance(session, outcome.credentialVersion());
		this.userSessions.revokeOthers(CurrentUserHolder.require().username(), session.getId());
		redirect.addFlashAttribute("message", outcome.message());
		return "redirect:/profile";
	}

}
