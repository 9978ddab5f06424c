package dev.sessioncluster.web.support;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The order of every servlet filter of the application, in the order a request meets
 * them. Each registration takes its order from here; a lower number runs first (outside).
 * Spring Boot's own filters (character encoding, form content, request context) keep
 * their defaults.
 */
public final class FilterOrder {

	/** Names the replica on every response, errors and early refusals included. */
	public static final int REPLICA_HEADER = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Closes keep-alive connections while the replica drains, before any work is done.
	 */
	public static final int SHUTDOWN_DRAIN = Ordered.HIGHEST_PRECEDENCE + 1;

	/**
	 * Answers a direct request for {@code /error} with a 404 before a session is loaded.
	 */
	public static final int DIRECT_ERROR_PATH = Ordered.HIGHEST_PRECEDENCE + 2;

	/**
	 * In the demo, opens the inspector's trace of the request, around the session's load.
	 */
	public static final int REQUEST_TRACE = SessionRepositoryFilter.DEFAULT_ORDER - 3;

	/**
	 * Opens the scope that reads each session once; it must enclose both session commits.
	 */
	public static final int SESSION_REQUEST_SCOPE = SessionRepositoryFilter.DEFAULT_ORDER - 2;

	/**
	 * Turns a store outage into a 503; store failures surface from the filter inside it.
	 */
	public static final int SESSION_STORE_UNAVAILABLE = SessionRepositoryFilter.DEFAULT_ORDER - 1;

	/**
	 * Spring Session's filter, which swaps in the session from Redis; registered by
	 * Spring Boot at this order ({@code spring.session.servlet.filter-order}).
	 */
	public static final int SESSION_REPOSITORY = SessionRepositoryFilter.DEFAULT_ORDER;

	/**
	 * Carries the session id in links when cookies are off; before Security redirects.
	 */
	public static final int URL_SESSION = SessionRepositoryFilter.DEFAULT_ORDER + 1;

	/**
	 * Renders the outage page on error dispatches, inside the session filter's wrapper.
	 */
	public static final int OUTAGE_ERROR_PAGE = SessionRepositoryFilter.DEFAULT_ORDER + 2;

	/**
	 * Limits, and shortens, the sessions of anonymous visitors where they are created:
	 * inside Spring Session's filter, after the URL fallback has named the session.
	 */
	public static final int ANONYMOUS_SESSION = SessionRepositoryFilter.DEFAULT_ORDER + 3;

	/**
	 * Spring Security's filter chain, registered by Spring Boot at this order
	 * ({@code spring.security.filter.order}).
	 */
	public static final int SECURITY = SecurityFilterProperties.DEFAULT_FILTER_ORDER;

	/** Binds the signed-in user to the thread, once Security has loaded the context. */
	public static final int CURRENT_USER = SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1;

	private FilterOrder() {
	}

}
