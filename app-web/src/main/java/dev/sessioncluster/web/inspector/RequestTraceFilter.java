package dev.sessioncluster.web.inspector;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a {@link RequestTrace} around everything the request does with its session, and
 * always closes it: a pooled thread must not carry one request's counts into the next.
 */
final class RequestTraceFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestTrace.begin();
		try {
			chain.doFilter(request, response);
		}
		finally {
			RequestTrace.end();
		}
	}

}
