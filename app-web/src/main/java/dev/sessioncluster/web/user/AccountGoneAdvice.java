package dev.sessioncluster.web.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.sessioncluster.account.AccountNotFoundException;

/**
 * The signed-in account disappeared while a request was being handled (the filter found
 * it at the start): the session has no user any more, so it ends, as
 * {@link CurrentUserFilter} ends it on the next request, and the visitor signs in again.
 */
@ControllerAdvice
class AccountGoneAdvice {

	@ExceptionHandler(AccountNotFoundException.class)
	String signOut(HttpServletRequest request) {
		SecurityContextHolder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		return "redirect:/login";
	}

}
