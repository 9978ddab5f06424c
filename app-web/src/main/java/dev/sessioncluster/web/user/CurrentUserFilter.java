package dev.sessioncluster.web.user;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.DispatcherType;
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
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.security.CredentialStamp;
import dev.sessioncluster.web.submission.FormSubmissions;
import dev.sessioncluster.web.support.StaticAssets;

/**
 * Binds the signed-in user to the request thread for the length of the request, and
 * unbinds it afterwards whatever happens.
 *
 * <p>
 * It runs after Spring Security's filter chain, so the security context has been loaded
 * from the session. The {@link CurrentUser} (id, username, display name) is read from the
 * database on every signed-in request, one query by the username's unique key, together
 * with the check that the session is still valid: its {@link CredentialStamp} must match
 * the account's credential version, which a new password or "end all other sessions"
 * moves on. A session that fails the check is deleted and the visitor is sent to the
 * sign-in page. Nothing about the user is copied into the session, so a page never shows
 * a name that another request (on any replica, in any session) has changed since.
 * Anonymous requests get no user and, if they have no session, never touch the session
 * store.
 *
 * <pre>
 * GET /profile                     Cookie: SESSION=3f1c…
 *   SessionRepositoryFilter        loads session 3f1c… from Redis
 *   springSecurityFilterChain      security context: alice, authenticated
 *   CurrentUserFilter              alice's account, credential version 4 = the session's stamp
 *                                    → CurrentUserHolder.bind(alice)
 *     ProfileController            CurrentUserHolder.require() → alice
 *   CurrentUserFilter (finally)    holder unbound: the pooled thread is clean for the next request
 * </pre>
 */
public final class CurrentUserFilter extends OncePerRequestFilter {

	private static final String SIGN_IN_PAGE = "/login";

	private final AccountService accounts;

	private final FormSubmissions submissions;

	private final SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	public CurrentUserFilter(AccountService accounts, FormSubmissions submissions) {
		this.accounts = accounts;
		this.submissions = submissions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CurrentUser user = null;
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			try {
				Optional<CurrentUser> valid = validUser(request, authentication);
				if (valid.isEmpty()) {
					endSession(request);
					if (request.getDispatcherType() != DispatcherType.ERROR) {
						response.sendRedirect(SIGN_IN_PAGE);
						return;
					}
				}
				user = valid.orElse(null);
			}
			catch (DataAccessException ex) {
				// The session store or the database is unreachable. A public page (or the
				// error page that says so) still renders, for an anonymous visitor; a
				// protected page has already failed in Spring Security's filters and is
				// answered with a 503.
			}
		}
		try (CurrentUserHolder.Scope scope = CurrentUserHolder.bind(user)) {
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

	/**
	 * The user the session signed in as, or empty if the session is no longer valid (no
	 * such account, or credentials changed since it signed in).
	 */
	private Optional<CurrentUser> validUser(HttpServletRequest request, Authentication authentication) {
		HttpSession session = request.getSession(false);
		Long stamp = CredentialStamp.of(session);
		if (stamp == null) {
			return Optional.empty();
		}
		Optional<CurrentUser> user = this.accounts.findSignedInUser(authentication.getName(), stamp);
		return user.isPresent() ? user : replayedChange(request, session, authentication);
	}

	/**
	 * The user, when this request replays this session's own submission that moved the
	 * account to its current credential version (a password change whose replica died
	 * after the commit, before the session kept the new stamp): that session is the one
	 * the change kept, and it gets the stamp it missed. Any other session stays ended.
	 */
	private Optional<CurrentUser> replayedChange(HttpServletRequest request, HttpSession session,
			Authentication authentication) {
		Optional<SubmissionOutcome> change = this.submissions.replayedCredentialChange(request);
		if (change.isEmpty()) {
			return Optional.empty();
		}
		long version = change.get().credentialVersion();
		Optional<CurrentUser> user = this.accounts.findSignedInUser(authentication.getName(), version)
			.filter((candidate) -> change.get().accountId() == candidate.id());
		user.ifPresent((signedIn) -> CredentialStamp.advance(session, version));
		return user;
	}

	/** Signs the visitor out: the session is deleted from the store on every replica. */
	private void endSession(HttpServletRequest request) {
		this.securityContextHolderStrategy.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			try {
				session.invalidate();
			}
			catch (IllegalStateException ex) {
				// Already invalidated in this request.
			}
		}
	}

}
