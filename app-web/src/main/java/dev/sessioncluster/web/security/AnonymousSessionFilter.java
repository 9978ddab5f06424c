package dev.sessioncluster.web.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what visitors who have not signed in cost the session store. Every session is
 * created for an anonymous visitor (a sign-in form's CSRF token, the page asked for
 * before sign-in), so a client that never keeps its cookie creates one per request; this
 * filter, right after Spring Session's, watches the moment a request creates one:
 * <ul>
 * <li>one client address may create {@code app.anonymous-sessions.per-address-per-minute}
 * sessions a minute; beyond that the request is answered {@code 429 Too Many Requests},
 * with {@code Retry-After}, and no session is created;</li>
 * <li>a new session gets the short {@code app.anonymous-sessions.idle-timeout}, and the
 * normal idle timeout once someone signs in on it (sign-in changes the session id,
 * through {@link HttpServletRequest#changeSessionId()}).</li>
 * </ul>
 * Requests that create no session cost nothing here.
 */
final class AnonymousSessionFilter extends OncePerRequestFilter {

	static final String RETRY_AFTER_SECONDS = "60";

	private final SessionCreationCounter counter;

	private final int anonymousIdleSeconds;

	private final int signedInIdleSeconds;

	AnonymousSessionFilter(SessionCreationCounter counter, Duration anonymousIdleTimeout,
			Duration signedInIdleTimeout) {
		this.counter = counter;
		this.anonymousIdleSeconds = (int) anonymousIdleTimeout.toSeconds();
		this.signedInIdleSeconds = (int) signedInIdleTimeout.toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(new CountingRequest(request), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!isRefusal(ex) || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
			response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
		}
	}

	private static boolean isRefusal(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof TooManySessionsException) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	private final class CountingRequest extends HttpServletRequestWrapper {

		CountingRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public HttpSession getSession() {
			return getSession(true);
		}

		@Override
		public HttpSession getSession(boolean create) {
			HttpSession session = super.getSession(false);
			if (session != null || !create) {
				return session;
			}
			if (!AnonymousSessionFilter.this.counter.tryCreate(getRemoteAddr())) {
				throw new TooManySessionsException();
			}
			HttpSession created = super.getSession(true);
			created.setMaxInactiveInterval(AnonymousSessionFilter.this.anonymousIdleSeconds);
			return created;
		}

		@Override
		public String changeSessionId() {
			String id = super.changeSessionId();
			HttpSession session = super.getSession(false);
			if (session != null && session.getMaxInactiveInterval() < AnonymousSessionFilter.this.signedInIdleSeconds) {
				session.setMaxInactiveInterval(AnonymousSessionFilter.this.signedInIdleSeconds);
			}
			return id;
		}

	}

	/**
	 * Thrown where a request would create a session beyond its address's limit; answered
	 * {@code 429} by the filter.
	 */
	static final class TooManySessionsException extends RuntimeException {

		TooManySessionsException() {
			super("Too many new sessions from this address", null, false, false);
		}

	}

}
