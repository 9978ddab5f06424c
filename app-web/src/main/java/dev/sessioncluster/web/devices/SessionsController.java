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
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.security.CredentialStamp;

/**
 * "Your sessions": where the signed-in user sees every device signed in as them, and ends
 * the ones they do not recognise.
 */
@Controller
class SessionsController {

	static final String VIEW = "account/sessions";

	private static final String REDIRECT = "redirect:/account/sessions";

	private final UserSessions userSessions;

	private final AccountService accounts;

	SessionsController(UserSessions userSessions, AccountService accounts) {
		this.userSessions = userSessions;
		this.accounts = accounts;
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
		boolean ended = this.userSessions.revoke(username, handle, currentSessionId(request));
		redirect.addFlashAttribute("message", ended ? "sessions.revoked" : "sessions.notFound");
		return REDIRECT;
	}

	@PostMapping("/account/sessions/revoke-others")
	String revokeOthers(HttpServletRequest request, RedirectAttributes redirect) {
		String username = CurrentUserHolder.require().username();
		// The new version ends every other session, also one signing in right now whose
		// id is not in the list yet; this session keeps going under the new version.
		HttpSession session = request.getSession();
		CredentialStamp.stamp(session, this.accounts.endSessions());
		this.userSessions.revokeOthers(username, session.getId());
		redirect.addFlashAttribute("message", "sessions.revokedOthers");
		return REDIRECT;
	}

	private static String currentSessionId(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null) ? session.getId() : null;
	}

}
