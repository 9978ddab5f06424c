package dev.sessioncluster.web.account;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.AccountInputException;
import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.web.submission.FormSubmission;
import dev.sessioncluster.web.submission.FormSubmissions;

/**
 * Shows and edits the signed-in user's profile. The user comes from
 * {@code CurrentUserHolder}, through {@link AccountService}; no id travels in the
 * request. A submission runs once ({@link FormSubmission}): a replay answers as the first
 * run did and changes nothing, so a later change is never overwritten by an old replay.
 */
@Controller
class ProfileController {

	static final String VIEW = "account/profile";

	private static final String FORM = "form";

	private static final String SAVED = "profile.saved";

	private final AccountService accounts;

	private final FormSubmissions submissions;

	ProfileController(AccountService accounts, FormSubmissions submissions) {
		this.accounts = accounts;
		this.submissions = submissions;
	}

	@GetMapping("/profile")
	String showProfile(Model model) {
		Account account = this.accounts.currentAccount();
		addAccount(model, account);
		model.addAttribute(FORM, ProfileForm.of(account));
		return VIEW;
	}

	@PostMapping("/profile")
	String processProfileForm(@Valid @ModelAttribute(FORM) ProfileForm form, BindingResult result, Model model,
			HttpServletRequest request, RedirectAttributes redirect) {
		FormSubmission submission = this.submissions.of(request, "profile");
		if (!submission.valid()) {
			result.reject(FormSubmission.INVALID_MESSAGE);
		}
		else if (submission.recorded().isPresent()) {
			return saved(submission.recorded().get(), redirect);
		}
		else if (!result.hasErrors()) {
			try {
				return saved(submission.run(() -> {
					this.accounts.updateProfile(form.toUpdate());
					return SubmissionOutcome.of(SAVED);
				}), redirect);
			}
			catch (AccountInputException ex) {
				// The only rule a profile can break: an email another account has.
				result.rejectValue("email", ex.code());
			}
			catch (ObjectOptimisticLockingFailureException ex) {
				result.reject("profile.changedConcurrently");
			}
		}
		addAccount(model, this.accounts.currentAccount());
		return VIEW;
	}

	private static String saved(SubmissionOutcome outcome, RedirectAttributes redirect) {
		redirect.addFlashAttribute("message", outcome.message());
		return "redirect:/profile";
	}

	private static void addAccount(Model model, Account account) {
		model.addAttribute("account", account);
		model.addAttribute("initial", initial(account.getDisplayName()));
	}

	/**
	 * The first character of a name, for the avatar: a whole code point, so an emoji or a
	 * character outside the BMP is never cut in half.
	 * @param name a display name
	 * @return its first character, upper-cased
	 */
	static String initial(String name) {
		String stripped = (name != null) ? name.strip() : "";
		return stripped.isEmpty() ? "?" : Character.toString(stripped.codePointAt(0)).toUpperCase(Locale.ROOT);
	}

}
