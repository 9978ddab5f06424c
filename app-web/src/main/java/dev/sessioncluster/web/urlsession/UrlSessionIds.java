package dev.sessioncluster.web.urlsession;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import dev.sessioncluster.web.support.StaticAssets;

/**
 * Reading and writing the {@code sid} query parameter. Pure functions, no state.
 *
 * <pre>
 * withSid("/profile", "a1b2")                  → /profile?sid=a1b2
 * withSid("/login?error#form", "a1b2")         → /login?error&amp;sid=a1b2#form
 * withSid("/login?sid=old&amp;x=1", "a1b2")        → /login?x=1&amp;sid=a1b2
 * isRewritable("/assets/css/app.css")          → false (static asset)
 * isRewritable("https://elsewhere.example/")   → false (other origin)
 * isRewritable("mailto:a@b.c"), ("#top")       → false
 * </pre>
 */
public final class UrlSessionIds {

	/** The query parameter that carries the session id. */
	public static final String PARAMETER = "sid";

	/**
	 * What a session id may look like: URL-safe characters, 16 to 64 of them, and under
	 * sticky load balancing a route after a dot ({@code .app1}). Anything else (garbage,
	 * markup, a 10 KB value) is treated as no id at all.
	 */
	private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}(\\.[A-Za-z0-9_-]{1,31})?");

	private UrlSessionIds() {
	}

	/**
	 * Whether {@code value} is shaped like a session id.
	 * @param value a candidate from a URL
	 * @return {@code true} if it may be looked up
	 */
	public static boolean isWellFormed(String value) {
		return value != null && VALID_ID.matcher(value).matches();
	}

	/**
	 * The first {@code sid} in a raw query string.
	 * @param queryString the query string, undecoded, may be {@code null}
	 * @return the decoded value, or {@code null} if absent or not decodable
	 */
	static String read(String queryString) {
		if (queryString == null || queryString.isEmpty()) {
			return null;
		}
		for (String pair : queryString.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (PARAMETER.equals(name)) {
				try {
					return (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}
		}
		return null;
	}

	/**
	 * Whether a raw query string has a {@code sid} parameter, well-formed or not.
	 * @param queryString the query string, may be {@code null}
	 * @return {@code true} if present
	 */
	static boolean isPresent(String queryString) {
		return read(queryString) != null;
	}

	/**
	 * {@code url} with {@code sessionId} as its only {@code sid}; other parameters, their
	 * order and the fragment are kept.
	 * @param url an application URL
	 * @param sessionId the id to carry
	 * @return the rewritten URL
	 */
	public static String withSid(String url, String sessionId) {
		return rewrite(url, PARAMETER + "=" + sessionId);
	}

	/**
	 * {@code url} without any {@code sid} parameter.
	 * @param url a URL
	 * @return the URL without the session id
	 */
	public static String withoutSid(String url) {
		return rewrite(url, null);
	}

	private static String rewrite(String url, String sidPair) {
		int hash = url.indexOf('#');
		String fragment = (hash >= 0) ? url.substring(hash) : "";
		String rest = (hash >= 0) ? url.substring(0, hash) : url;
		int question = rest.indexOf('?');
		String path = (question >= 0) ? rest.substring(0, question) : rest;
		StringBuilder query = new StringBuilder();
		if (question >= 0) {
			for (String pair : rest.substring(question + 1).split("&")) {
				String name = (pair.indexOf('=') >= 0) ? pair.substring(0, pair.indexOf('=')) : pair;
				if (!pair.isEmpty() && !PARAMETER.equals(name)) {
					query.append((query.length() > 0) ? "&" : "").append(pair);
				}
			}
		}
		if (sidPair != null) {
			query.append((query.length() > 0) ? "&" : "").append(sidPair);
		}
		return path + ((query.length() > 0) ? "?" + query : "") + fragment;
	}

	/**
	 * Whether {@code url} is one of this application's pages, the only URLs that may
	 * carry the session id: not another origin, not a static asset (shared by every
	 * visitor and cached), not {@code mailto:}, {@code javascript:}, {@code data:} or a
	 * bare fragment.
	 * @param url the URL about to be written
	 * @param request the current request, for its scheme, host and port
	 * @return {@code true} if the id may be added
	 */
	public static boolean isRewritable(String url, HttpServletRequest request) {
		if (url == null || url.isBlank() || url.startsWith("#")) {
			return false;
		}
		String path = url;
		if (url.startsWith("//") || hasScheme(url)) {
			URI uri;
			try {
				uri = new URI(url);
			}
			catch (URISyntaxException ex) {
				return false;
			}
			if (!isSameOrigin(uri, request)) {
				return false;
			}
			path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		}
		return !StaticAssets.matches(path);
	}

	private static boolean hasScheme(String url) {
		int colon = url.indexOf(':');
		if (colon <= 0) {
			return false;
		}
		int firstSeparator = indexOfAny(url, "/?#");
		return firstSeparator < 0 || colon < firstSeparator;
	}

	private static int indexOfAny(String value, String characters) {
		for (int i = 0; i < value.length(); i++) {
			if (characters.indexOf(value.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isSameOrigin(URI uri, HttpServletRequest request) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : request.getScheme();
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return false;
		}
		if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())) {
			return false;
		}
		return port(scheme, uri.getPort()) == port(request.getScheme(), request.getServerPort())
				&& scheme.equals(request.getScheme());
	}

	private static int port(String scheme, int port) {
		if (port > 0) {
			return port;
		}
		return "https".equals(scheme) ? 443 : 80;
	}

}
