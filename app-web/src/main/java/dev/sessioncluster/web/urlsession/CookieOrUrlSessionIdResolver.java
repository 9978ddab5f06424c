package dev.sessioncluster.web.urlsession;

import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;

/**
 * Resolves the session id from the {@code SESSION} cookie and, only when the request
 * carries no session cookie at all, from the {@code sid} query parameter. New ids are
 * issued as cookies, except to a request that named its session in the URL;
 * {@link UrlSessionFilter} additionally writes them into URLs while the browser has not
 * returned a cookie.
 *
 * <p>
 * A browser that refuses cookies:
 *
 * <pre>
 * GET /login HTTP/1.1                          (no Cookie header)
 *
 * HTTP/1.1 200 OK
 * Set-Cookie: SESSION=NmJm…; Path=/; HttpOnly; SameSite=Lax     (offered, refused)
 * &lt;form action="/login?sid=6bf3…" method="post"&gt;
 *
 * POST /login?sid=6bf3… HTTP/1.1                (no Cookie header: the id comes from the URL)
 * username=alice&amp;password=…&amp;_csrf=…
 *
 * HTTP/1.1 302 Found
 * Set-Cookie: SESSION_PROBE=MQ==; Path=/; HttpOnly; SameSite=Lax  (see below)
 * Location: /profile?sid=d17a…             (a new id at sign-in, never the old one, and in no cookie)
 * </pre>
 *
 * A browser that accepts cookies sends {@code Cookie: SESSION=…} from its second request
 * on; from then on a {@code sid} in the URL is ignored, even if it names another session.
 * So is a {@code sid} sent with the cookie probe ({@code SESSION_PROBE}, offered by
 * {@link UrlSessionFilter} whenever a session was named in a URL): a browser that keeps
 * cookies is never held in a session through a link, even one it was given by someone
 * else. A {@code sid} on a request the browser marks as coming from another site
 * ({@code Sec-Fetch-Site: cross-site} or {@code same-site}) is ignored too: the
 * application's own links are {@code same-origin}.
 *
 * <p>
 * The id in the parameter is only looked up if it is well-formed
 * ({@link UrlSessionIds#isWellFormed}); an unknown id finds no session, and Spring
 * Session never adopts an id chosen by the client: new sessions always get a fresh id.
 */
public final class CookieOrUrlSessionIdResolver implements HttpSessionIdResolver {

	private final CookieSerializer cookieSerializer;

	private final String cookieName;

	private final String probeCookieName;

	private final CookieHttpSessionIdResolver cookies = new CookieHttpSessionIdResolver();

	/**
	 * Creates a resolver.
	 * @param cookieSerializer reads and writes the session cookie
	 * @param cookieName the session cookie's name: a request that carries a cookie of
	 * that name is in cookie mode even if its value cannot be decoded
	 */
	public CookieOrUrlSessionIdResolver(CookieSerializer cookieSerializer, String cookieName) {
		this.cookieSerializer = Objects.requireNonNull(cookieSerializer, "cookieSerializer must not be null");
		this.cookieName = Objects.requireNonNull(cookieName, "cookieName must not be null");
		this.probeCookieName = probeCookieName(cookieName);
		this.cookies.setCookieSerializer(cookieSerializer);
	}

	@Override
	public List<String> resolveSessionIds(HttpServletRequest request) {
		if (hasSessionCookie(request)) {
			request.setAttribute(SessionTransport.ATTRIBUTE, SessionTransport.COOKIE);
			return this.cookieSerializer.readCookieValues(request);
		}
		String fromUrl = UrlSessionIds.read(request.getQueryString());
		if (UrlSessionIds.isWellFormed(fromUrl) && !comesFromAnotherSite(request)) {
			request.setAttribute(SessionTransport.ATTRIBUTE, SessionTransport.URL);
			return List.of(fromUrl);
		}
		request.setAttribute(SessionTransport.ATTRIBUTE, SessionTransport.NONE);
		return List.of();
	}

	/**
	 * The name of the cookie that tells a browser which keeps cookies apart from one that
	 * refuses them.
	 * @param cookieName the session cookie's name
	 * @return the probe cookie's name (with the same {@code __Host-} prefix, if any)
	 */
	static String probeCookieName(String cookieName) {
		return cookieName + "_PROBE";
	}

	private boolean hasSessionCookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (this.cookieName.equals(cookie.getName()) || this.probeCookieName.equals(cookie.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean comesFromAnotherSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		return "cross-site".equals(site) || "same-site".equals(site);
	}

	/**
	 * Decides, once, how this request named its session.
	 * @param request the current request
	 * @return the transport
	 */
	public SessionTransport transport(HttpServletRequest request) {
		SessionTransport transport = SessionTransport.of(request);
		if (transport == null) {
			resolveSessionIds(request);
			transport = SessionTransport.of(request);
		}
		return transport;
	}

	/**
	 * Offers the id as a cookie, so that a browser which accepts it switches to clean
	 * URLs: except to a request that named its session in the URL. An id from a URL never
	 * becomes a cookie: otherwise a page elsewhere could post a sign-in form to
	 * {@code /login?sid=<its own session>} and leave the visitor's browser signed in to
	 * the attacker's account (login CSRF).
	 */
	@Override
	public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
		if (transport(request) != SessionTransport.URL) {
			this.cookies.setSessionId(request, response, sessionId);
		}
	}

	@Override
	public void expireSession(HttpServletRequest request, HttpServletResponse response) {
		this.cookies.expireSession(request, response);
	}

}
