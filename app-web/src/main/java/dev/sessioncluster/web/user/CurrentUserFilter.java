package dev.sessioncluster.web.user;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.support.StaticAssets;

/**
 * Binds the signed-in user to the request thread for the length of the request, and
 * unbinds it afterwards whatever happens.
 *
 * <p>
 * It runs after Spring Security's filter chain, so the security context has been loaded
 * from the session. The {@link CurrentUser} itself (id, username, display name) is cached
 * in the session under {@link #SESSION_ATTRIBUTE}: the database is asked once per
 * session, not once per request, and {@link #refresh} replaces the cached value when the
 * profile changes. Anonymous requests get no user and, if they have no session, never
 * touch the session store.
 *
 * <pre>
 * GET /profile                     Cookie: SESSION=3f1c…
 *   SessionRepositoryFilter        loads session 3f1c… from Redis
 *   springSecurityFilterChain      security context: alice, authenticated
 *   CurrentUserFilter              currentUser from the session → CurrentUserHolder.bind(alice)
 *     ProfileController            CurrentUserHolder.require() → alice
 *   CurrentUserFilter (finally)    holder unbound: the pooled thread is clean for the next request
 * </pre>
 */
public final class CurrentUserFilter extends OncePerRequestFilter {

	/** The session attribute that caches the signed-in user. */
	public static final String SESSION_ATTRIBUTE = "currentUser";

	private final AccountService accounts;

	private final SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	public CurrentUserFilter(AccountService accounts) {
		this.accounts = accounts;
	}

	/**
	 * Replaces the user cached in the current session, for example after a profile
	 * change, so the next request (on any replica) sees the new display name.
	 * @param request the current request
	 * @param user the fresh user
	 */
	public static void refresh(HttpServletRequest request, CurrentUser user) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.setAttribute(SESSION_ATTRIBUTE, user);
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (CurrentUserHolder.Scope scope = CurrentUserHolder.bind(resolve(request))) {
			chain.doFilter(request, response);
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// Static assets render no user: do not load the session for them.
		return StaticAssets.matches(request.getRequestURI());
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// Error pages show who is signed in too.
		return false;
	}

	private CurrentUser resolve(HttpServletRequest request) {
		try {
			return resolveFromSession(request);
		}
		catch (DataAccessException ex) {
			// The session store is unreachable. A public page (or the error page that
			// says
			// so) still renders, for an anonymous visitor; a protected page has already
			// failed in Spring Security's filters and is answered with a 503.
			return null;
		}
	}

	private CurrentUser resolveFromSession(HttpServletRequest request) {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof CurrentUser cached
				&& cached.username().equals(authentication.getName())) {
			return cached;
		}
		CurrentUser user = this.accounts.findCurrentUser(authentication.getName()).orElse(null);
		if (user != null && session != null) {
			session.setAttribute(SESSION_ATTRIBUTE, user);
		}
		return user;
	}

}
