package dev.sessioncluster.web.urlsession;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;

import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sessioncluster.web.support.SitePaths;

/**
 * Writes the session id into this application's URLs while the browser has not returned a
 * session cookie, and decides which sessions a URL may name. It runs right after Spring
 * Session's {@code SessionRepositoryFilter}, so {@code request.getSession(false)} is the
 * Redis-backed session, and it wraps the response so that {@code encodeURL} (every
 * Thymeleaf {@code @{...}} link and form action) and {@code encodeRedirectURL} (Spring
 * MVC and Spring Security redirects) add {@code sid}.
 *
 * <p>
 * What URL mode never does:
 * <ul>
 * <li><b>hold a browser that keeps cookies in a session named by a URL.</b> A session may
 * be named in a URL only if it was created for a request without a cookie and signed in,
 * if at all, without one ({@value #URL_SESSION} attribute): a session signed in with a
 * cookie is never found through its id in a URL. And every response to a request that
 * named its session in the URL offers the cookie probe: a browser that keeps it never
 * takes a session from a URL again (see {@link CookieOrUrlSessionIdResolver}). A link
 * someone else sent therefore shows, at most, one page of their session, and no link or
 * form on that page reaches it;</li>
 * <li><b>turn an id from a URL into a cookie</b>, not even the new id of a sign-in (see
 * {@link CookieOrUrlSessionIdResolver#setSessionId});</li>
 * <li><b>redirect off the site.</b> A {@code GET} that carries both a session cookie and
 * a {@code sid} is redirected to the same address without {@code sid} (so that an id
 * never stays in the address bar of a browser that accepts cookies), built as a path on
 * this site whatever the request's path ({@code //evil.example/}) or {@code Host};</li>
 * <li><b>keep the normal idle timeout</b>: a session used through URLs gets the shorter
 * {@code app.url-session.idle-timeout}.</li>
 * </ul>
 */
public final class UrlSessionFilter extends OncePerRequestFilter {

	/**
	 * The session attribute that allows a URL to name the session: set when a request
	 * without a cookie creates it, removed when a request with a cookie signs in on it.
	 */
	static final String URL_SESSION = "urlSession";

	private final CookieOrUrlSessionIdResolver resolver;

	private final CookieSerializer probe;

	private final int urlIdleTimeoutSeconds;

	/**
	 * Creates the filter.
	 * @param resolver decides how each request named its session
	 * @param probe writes the cookie probe
	 * @param urlIdleTimeout the idle timeout of a session used through URLs
	 */
	public UrlSessionFilter(CookieOrUrlSessionIdResolver resolver, CookieSerializer probe, Duration urlIdleTimeout) {
		this.resolver = resolver;
		this.probe = probe;
		this.urlIdleTimeoutSeconds = (int) urlIdleTimeout.toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SessionTransport transport = this.resolver.transport(request);
		if (transport == SessionTransport.COOKIE && isSafe(request)
				&& UrlSessionIds.isPresent(request.getQueryString())) {
			response.sendRedirect(withoutSid(request));
			return;
		}
		if (transport == SessionTransport.URL) {
			HttpSession session = request.getSession(false);
			if (session != null && session.getAttribute(URL_SESSION) == null) {
				response.sendRedirect(withoutSid(request));
				return;
			}
			if (session != null && session.getMaxInactiveInterval() > this.urlIdleTimeoutSeconds) {
				session.setMaxInactiveInterval(this.urlIdleTimeoutSeconds);
			}
			this.probe.writeCookieValue(new CookieValue(request, response, "1"));
		}
		chain.doFilter(new SessionOriginRequest(request, transport),
				transport.rewritesUrls() ? new UrlEncodingResponse(request, response) : response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// Error pages have links too.
		return false;
	}

	private static boolean isSafe(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
	}

	private static String withoutSid(HttpServletRequest request) {
		String query = request.getQueryString();
		String path = SitePaths.local(request.getRequestURI());
		return UrlSessionIds.withoutSid((query != null) ? path + "?" + query : path);
	}

	/**
	 * Records whether the session may be named in a URL: yes when a request without a
	 * cookie creates it, no once a request with a cookie signs in on it (Spring
	 * Security's fixation protection changes the id through {@link #changeSessionId()}).
	 */
	static final class SessionOriginRequest extends HttpServletRequestWrapper {

		private final SessionTransport transport;

		SessionOriginRequest(HttpServletRequest request, SessionTransport transport) {
			super(request);
			this.transport = transport;
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
			HttpSession created = super.getSession(true);
			if (this.transport != SessionTransport.COOKIE) {
				created.setAttribute(URL_SESSION, Boolean.TRUE);
			}
			return created;
		}

		@Override
		public String changeSessionId() {
			String id = super.changeSessionId();
			HttpSession session = super.getSession(false);
			if (this.transport == SessionTransport.COOKIE && session != null) {
				session.removeAttribute(URL_SESSION);
			}
			return id;
		}

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
