package dev.sessioncluster.web.session.outage;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 Service Unavailable} (the friendly error page, with
 * {@code Retry-After}) when the session store cannot be reached, instead of letting the
 * failure surface as a 500. It wraps Spring Session's filter, where such failures occur:
 * loading the session for a request, or saving it afterwards. The Redis client reconnects
 * by itself, so service resumes when Redis returns, without a restart.
 */
final class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(SessionStoreUnavailableFilter.class);

	static final String RETRY_AFTER_SECONDS = "5";

	/** Set on a request whose session could not be loaded or saved. */
	static final String OUTAGE_ATTRIBUTE = SessionStoreUnavailableFilter.class.getName() + ".OUTAGE";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			Throwable cause = storeFailure(ex);
			if (cause == null || response.isCommitted()) {
				throw ex;
			}
			// The request URL may carry a session id: log the failure, not the address.
			logger.warn("Session store unavailable: " + cause);
			request.setAttribute(OUTAGE_ATTRIBUTE, cause);
			response.resetBuffer();
			response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
			response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
		}
	}

	static Throwable storeFailure(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof DataAccessResourceFailureException || candidate instanceof QueryTimeoutException
					|| candidate instanceof RedisSystemException) {
				return candidate;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
