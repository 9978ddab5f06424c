package dev.sessioncluster.web.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.AccountInput;
import dev.sessioncluster.account.AccountInputException;
import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.security.AttemptLimiter;
import dev.sessioncluster.web.security.SignIn;
import dev.sessioncluster.web.submission.FormSubmission;
import dev.sessioncluster.web.submission.FormSubmissions;
import dev.sessioncluster.web.urlsession.NeedsSession;

/**
 * Opens an account and signs the new user in. Every well-formed attempt tells whether a
 * username or an email is taken, so those attempts are limited per client address
 * ({@link AccountLimits#REGISTRATION}); a refused attempt answers
 * {@code 429 Too Many Requests} with the form and a message, and looks nothing up. A
 * submission runs once ({@link FormSubmission}): a replay of a registration that went
 * through signs the same account in again, opens no second one and counts no attempt.
 */
@Controller
class RegistrationController {

	static final String VIEW = "account/register";

	private static final String FORM = "form";

	private final AccountService accounts;

	private final SignIn signIn;

	private final AttemptLimiter limiter;

	private final FormSubmissions submissions;

	RegistrationController(AccountService accounts, SignIn signIn, AttemptLimiter limiter,
			FormSubmissions submissions) {
		this.accounts = accounts;
		this.signIn = signIn;
		this.limiter = limiter;
		this.submissions = submissions;
	}

	@NeedsSession
	@GetMapping("/register")
	String initRegistrationForm(Model model) {
		if (CurrentUserHolder.current().isPresent()) {
			return "redirect:/profile";
		}
		model.addAttribute(FORM, RegistrationForm.empty());
		return VIEW;
	}

	@PostMapping("/register")
	String processRegistrationForm(@Valid @ModelAttribute(FORM) RegistrationForm form, BindingResult result,
			HttpServletRequest request, HttpServletResponse response) {
		FormSubmission submission = this.submissions.of(request, "register");
		if (!submission.valid()) {
			result.reject(FormSubmission.INVALID_MESSAGE);
			return VIEW;
		}
		if (submission.recorded().isPresent()) {
			return registered(submission.recorded().get(), request, response);
		}
		if (!result.hasErrors()) {
			if (!this.limiter.tryAttempt(AccountLimits.registration(request.getRemoteAddr()))) {
				result.reject("register.tooManyAttempts", new Object[] { AccountLimits.REGISTRATION.windowMinutes() },
						null);
				response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
				return VIEW;
			}
			try {
				return registered(submission.run(() -> new SubmissionOutcome("register.done",
						this.accounts.register(form.toRegistration()).getId(), null)), request, response);
			}
			catch (AccountInputException ex) {
				result.rejectValue(field(ex.input()), ex.code());
			}
		}
		// Thymeleaf never writes the value of a password field back into the page.
		return VIEW;
	}

	/**
	 * Signs the new account in, first run or replay alike. (A replay whose first run got
	 * as far as saving the signed-in session names a session id that no longer exists:
	 * Spring Security's CSRF check refuses it before this, with the form-expired page,
	 * and the account signs in as any other.)
	 */
	private String registered(SubmissionOutcome outcome, HttpServletRequest request, HttpServletResponse response) {
		Account account = this.accounts.registeredAccount(outcome.accountId());
		this.signIn.signIn(account, request, response);
		return "redirect:/profile";
	}

	/** The form field that shows a message about an input. */
	private static String field(AccountInput input) {
		return switch (input) {
			case USERNAME -> "username";
			case EMAIL -> "email";
			case PASSWORD, CURRENT_PASSWORD -> "password";
		};
	}

}
