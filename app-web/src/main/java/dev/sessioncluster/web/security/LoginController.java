package dev.sessioncluster.web.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.urlsession.NeedsSession;

/**
 * The sign-in page. Spring Security handles {@code POST /login} and {@code POST /logout}.
 */
@Controller
class LoginController {

	static final String VIEW = "auth/login";

	@NeedsSession
	@GetMapping("/login")
	String login() {
		return CurrentUserHolder.current().isPresent() ? "redirect:/profile" : VIEW;
	}

}
