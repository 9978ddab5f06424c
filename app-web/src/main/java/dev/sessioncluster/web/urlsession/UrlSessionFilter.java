package dev.sessioncluster.web.urlsession;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the session id into this application's URLs while the browser has not returned a
 * session cookie. It runs right after Spring Session's {@code SessionRepositoryFilter},
 * so {@code request.getSession(false)} is the Redis-backed session, and it wraps the
 * response so that {@code encodeURL} (every Thymeleaf {@code @{...}} link and form
 * action) and {@code encodeRedirectURL} (Spring MVC and Spring Security redirects) add
 * {@code sid}.
 *
 * <p>
 * It also
 * <ul>
 * <li>redirects a {@code GET} that carries both a session cookie and a {@code sid} to the
 * same address without {@code sid}, so that an id never stays in the address bar of a
 * browser that accepts cookies (a link copied from the first page of a visit, for
 * example);</li>
 * <li>shortens the idle timeout of a session while it is used through URLs.</li>
 * </ul>
 */
public final class UrlSessionFilter extends OncePerRequestFilter {

	private final CookieOrUrlSessionIdResolver resolver;

	private final int urlIdleTimeoutSeconds;

	public UrlSessionFilter(CookieOrUrlSessionIdResolver resolver, Duration urlIdleTimeout) {
		this.resolver = resolver;
		this.urlIdleTimeoutSeconds = (int) urlIdleTimeout.toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SessionTransport transport = this.resolver.transport(request);
		if (transport == SessionTransport.COOKIE && isSafe(request)
				&& UrlSessionIds.isPresent(request.getQueryString())) {
			String query = request.getQueryString();
			response.sendRedirect(UrlSessionIds.withoutSid(request.getRequestURI() + "?" + query));
			return;
		}
		if (transport == SessionTransport.URL) {
			HttpSession session = request.getSession(false);
			if (session != null && session.getMaxInactiveInterval() > this.urlIdleTimeoutSeconds) {
				session.setMaxInactiveInterval(this.urlIdleTimeoutSeconds);
			}
		}
		chain.doFilter(request, transport.rewritesUrls() ? new UrlEncodingResponse(request, response) : response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// Error pages have links too.
		return false;
	}

	private static boolean isSafe(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
	}

	/**
	 * Adds {@code sid} to this application's URLs once the request has a session.
	 */
	static final class UrlEncodingResponse extends HttpServletResponseWrapper {

		private final HttpServletRequest request;

		UrlEncodingResponse(HttpServletRequest request, HttpServletResponse response) {
			super(response);
			this.request = request;
		}

		@Override
		public String encodeURL(String url) {
			return encode(super.encodeURL(url));
		}

		@Override
		public String encodeRedirectURL(String url) {
			return encode(super.encodeRedirectURL(url));
		}

		private String encode(String url) {
			if (!UrlSessionIds.isRewritable(url, this.request)) {
				return url;
			}
			HttpSession session = this.request.getSession(false);
			return (session != null) ? UrlSessionIds.withSid(url, session.getId()) : url;
		}

	}

}
