package dev.sessioncluster.web.session;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Opens the request scope in which {@link ChangeTrackingSessionRepository} reads a
 * session from the store at most once. It runs before Spring Session's filter, so the
 * scope covers both of that filter's commits.
 */
final class SessionRequestScopeFilter implements Filter {

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try (ChangeTrackingSessionRepository.RequestScope scope = ChangeTrackingSessionRepository.openRequestScope()) {
			chain.doFilter(request, response);
		}
	}

}
