package dev.sessioncluster.web.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.MissingCsrfTokenException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Answers the two posts that are repeated after their session is gone, and whose CSRF
 * token therefore has nowhere to be found, with where the visitor stands instead of the
 * "form expired" page:
 *
 * <pre>
 * POST /logout   Cookie: SESSION=(deleted by the first sign-out; a replay, a second click)
 *   → 302 /login?logout        the visitor is signed out, as asked
 * POST /login    Cookie: SESSION=(renamed by a sign-in whose answer was lost, or expired)
 *   → 302 /login?expired       sign in again; nothing is signed in by this request
 * </pre>
 *
 * CSRF protection is unchanged: neither answer signs anyone in or out, and every other
 * refused post gets the 403 page as before.
 */
final class ExpiredFormHandler implements AccessDeniedHandler {

	private static final RequestMatcher LOGOUT = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/logout");

	private static final RequestMatcher LOGIN = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/login");

	private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, ServletException {
		if (ex instanceof MissingCsrfTokenException && sessionIsGone(request)) {
			if (LOGOUT.matches(request)) {
				this.redirects.sendRedirect(request, response, "/login?logout");
				return;
			}
			if (LOGIN.matches(request)) {
				this.redirects.sendRedirect(request, response, "/login?expired");
				return;
			}
		}
		this.otherwise.handle(request, response, ex);
	}

	private static boolean sessionIsGone(HttpServletRequest request) {
		return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
	}

}
