/**
 * The session store: Spring Session's Redis repository as Spring Boot configures it,
 * wrapped in the decorators of this package, with the codec, the outage handling and the
 * near cache in the packages below it. One signed-in request, as the store sees it:
 *
 * <pre>
 * GET /profile HTTP/1.1
 * Host: localhost:8080
 * Cookie: SESSION=2Qk9…                     (or ?sid=2Qk9… when cookies are off)
 *
 *   SessionRequestScopeFilter           opens the scope: each session is read at most once
 *   SessionStoreUnavailableFilter       an outage below becomes a friendly 503
 *   SessionRepositoryFilter             Spring Session: request.getSession() now means Redis
 *     CookieOrUrlSessionIdResolver      the id from the cookie, else from the sid parameter
 *     AbsoluteTimeoutSessionRepository  findById: too old since sign-in? deleted, treated as absent
 *     ChangeTrackingSessionRepository   findById: the copy already read by this request, if any
 *     RedisSessionRepository            HGETALL spring:session:sessions:2Qk9…
 *       NearCachingConnectionFactory    answered from this replica's near cache while its lease holds
 *   UrlSessionFilter                    cookies off: links and redirects carry ?sid=
 *   springSecurityFilterChain           the security context from the session: alice
 *   CurrentUserFilter                   binds alice to the thread for the request's length
 *     ProfileController                 renders the page
 *   SessionRepositoryFilter (commit)    ChangeTrackingSessionRepository.save: nothing changed,
 *                                       nothing written (a change would be written, then the
 *                                       near cache's commit wait holds the response)
 *
 * HTTP/1.1 200 OK
 * X-Served-By: app2
 * </pre>
 *
 * A page that changes nothing in its session costs at most one Redis command, and none
 * while the session is in the near cache. Sign-in, sign-out and a profile change write
 * the session. The order of the filters is declared in
 * {@link dev.sessioncluster.web.support.FilterOrder}; the order of the repository's
 * decorators in {@link dev.sessioncluster.web.session.SessionRepositoryDecorator}.
 */
package dev.sessioncluster.web.session;
