package dev.sessioncluster.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

import dev.sessioncluster.web.support.SitePaths;
import dev.sessioncluster.web.support.StaticAssets;
import dev.sessioncluster.web.urlsession.UrlSessionIds;

/**
 * Remembers the page an anonymous visitor asked for as a path on this site, and nothing
 * else, so that sign-in can go there.
 *
 * <p>
 * Spring Security's {@code HttpSessionRequestCache} keeps the whole request (every
 * header, every parameter, the query string twice) and later redirects to an absolute URL
 * rebuilt from the {@code Host} it arrived with: a request with a forged {@code Host}
 * planted {@code http://evil.example/...} as the sign-in target of a session, and a 28 KB
 * query made an anonymous session weigh 58 KB. Here the session keeps one short string:
 *
 * <pre>
 * GET /account/sessions?tab=2 HTTP/1.1     (anonymous; Host: evil.example)
 *   session attribute savedPath = "/account/sessions?tab=2"
 * POST /login  →  302 Location: /account/sessions?tab=2
 * </pre>
 *
 * Only a {@code GET} of a page is saved, without its {@code sid}, and only up to
 * {@value #MAX_LENGTH} characters; a longer one is not saved, and sign-in goes to the
 * profile. A saved request is never replayed: {@link #getMatchingRequest} finds nothing,
 * so no request loads the session to look for one.
 */
final class PathOnlyRequestCache implements RequestCache {

	/** The session attribute that holds the path. */
	static final String ATTRIBUTE = "savedPath";

	/** The longest path and query kept. */
	static final int MAX_LENGTH = 512;

	@Override
	public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
		if (!"GET".equals(request.getMethod()) || "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
				|| StaticAssets.matches(request.getRequestURI())) {
			return;
		}
		String query = request.getQueryString();
		String path = SitePaths.local(request.getRequestURI());
		String target = UrlSessionIds.withoutSid((query != null) ? path + "?" + query : path);
		if (target.length() <= MAX_LENGTH) {
			request.getSession().setAttribute(ATTRIBUTE, target);
		}
	}

	@Override
	public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		Object target = (session != null) ? session.getAttribute(ATTRIBUTE) : null;
		return (target instanceof String path) ? new SimpleSavedRequest(SitePaths.local(path)) : null;
	}

	@Override
	public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
		return null;
	}

	@Override
	public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(ATTRIBUTE) != null) {
			session.removeAttribute(ATTRIBUTE);
		}
	}

}
