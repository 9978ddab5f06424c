package dev.sessioncluster.web.urlsession;

import jakarta.servlet.http.HttpServletRequest;

/**
 * How the current request named its session, decided once per request by
 * {@link CookieOrUrlSessionIdResolver} and kept as a request attribute.
 */
public enum SessionTransport {

	/**
	 * The request carried a session cookie, or the cookie probe: the browser keeps
	 * cookies, URLs stay clean, any {@code sid} is ignored.
	 */
	COOKIE,

	/** No session cookie, but a well-formed {@code sid} query parameter. */
	URL,

	/**
	 * Neither: a first visit, or a browser that refuses cookies and has no session yet.
	 */
	NONE;

	static final String ATTRIBUTE = SessionTransport.class.getName();

	/**
	 * The transport already decided for {@code request}.
	 * @param request the current request
	 * @return the transport, or {@code null} if the URL fallback is not active
	 */
	public static SessionTransport of(HttpServletRequest request) {
		return (SessionTransport) request.getAttribute(ATTRIBUTE);
	}

	/**
	 * Whether URLs written in the response must carry the session id.
	 * @return {@code true} unless the id arrived in a cookie
	 */
	boolean rewritesUrls() {
		return this != COOKIE;
	}

}
