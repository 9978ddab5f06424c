package dev.sessioncluster.web.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.sessioncluster.account.AccountInputException;
import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.security.CredentialStamp;
import dev.sessioncluster.web.sessions.UserSessions;

/**
 * Changes the signed-in user's password.
 */
@Controller
class PasswordController {

	static final String VIEW = "account/password";

	private static final String FORM = "form";

	private final AccountService accounts;

	private final UserSessions userSessions;

	PasswordController(AccountService accounts, UserSessions userSessions) {
		this.accounts = accounts;
		this.userSessions = userSessions;
	}

	@GetMapping("/account/password")
	String initPasswordForm(Model model) {
		model.addAttribute(FORM, PasswordForm.empty());
		return VIEW;
	}

	@PostMapping("/account/password")
	String processPasswordForm(@Valid @ModelAttribute(FORM) PasswordForm form, BindingResult result,
			HttpServletRequest request, RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				long credentialVersion = this.accounts.changePassword(form.toChange());
				// ASVS 3.3.3: a new password ends every other session of the user. The
				// new version ends them all, also a sign-in that raced this change; the
				// list removes them from the store and from "Your sessions" now.
				HttpSession session = request.getSession();
				CredentialStamp.stamp(session, credentialVersion);
				this.userSessions.revokeOthers(CurrentUserHolder.require().username(), session.getId());
				redirect.addFlashAttribute("message", "password.changed");
				return "redirect:/profile";
			}
			catch (AccountInputException ex) {
				result.rejectValue(ex.field(), ex.code());
			}
		}
		// Thymeleaf never writes the value of a password field back into the page.
		return VIEW;
	}

}
