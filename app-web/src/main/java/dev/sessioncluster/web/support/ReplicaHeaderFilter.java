package dev.sessioncluster.web.support;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code X-Served-By: <replica id>} to every response, including error pages and
 * static assets, before anything else can commit the response.
 */
final class ReplicaHeaderFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Served-By";

	private final String replicaId;

	ReplicaHeaderFilter(String replicaId) {
		this.replicaId = replicaId;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HEADER, this.replicaId);
		chain.doFilter(request, response);
	}

}
