/**
 * The cookie fallback: when a browser refuses cookies, the session id travels in the
 * {@code sid} query parameter of this application's URLs.
 *
 * <ul>
 * <li>{@link dev.sessioncluster.web.urlsession.CookieOrUrlSessionIdResolver}: the cookie
 * first, the URL only when there is no session cookie.</li>
 * <li>{@link dev.sessioncluster.web.urlsession.UrlSessionFilter}: writes the id into
 * links, form actions and redirects while it did not arrive in a cookie.</li>
 * <li>{@link dev.sessioncluster.web.urlsession.UrlSessionIds}: what may be rewritten and
 * how.</li>
 * <li>{@link dev.sessioncluster.web.urlsession.NeedsSession}: pages whose form needs the
 * session before they render.</li>
 * </ul>
 *
 * An id in a URL leaks through history, bookmarks, shared links, logs and the
 * {@code Referer} header (OWASP ASVS 3.1.1 says not to). The mitigations: a new id at
 * sign-in, no client-chosen ids, {@code Referrer-Policy: no-referrer}, ids kept out of
 * logs, a visible notice, and a shorter idle timeout
 * ({@code app.url-session.idle-timeout}). And what URL mode never does (see
 * {@link dev.sessioncluster.web.urlsession.UrlSessionFilter}): hold a browser that keeps
 * cookies in a session named by a URL, find a session signed in with a cookie through a
 * URL, turn an id from a URL into a cookie, or redirect off the site.
 */
package dev.sessioncluster.web.urlsession;
