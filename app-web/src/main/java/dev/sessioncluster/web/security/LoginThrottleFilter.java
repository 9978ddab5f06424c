package dev.sessioncluster.web.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts a sign-in attempt before its password is checked, and refuses it when its
 * username or its client address has reached the limit: the same answer for known and
 * unknown usernames, and no password hashing for either, so the response time tells
 * nothing either.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle loginThrottle;

	private final Runnable throttled;

	private final RedirectStrategy redirect = new DefaultRedirectStrategy();

	LoginThrottleFilter(LoginThrottle loginThrottle, Runnable throttled) {
		this.loginThrottle = loginThrottle;
		this.throttled = throttled;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.loginThrottle.tryAttempt(request.getParameter("username"), request.getRemoteAddr())) {
			this.throttled.run();
			this.redirect.sendRedirect(request, response, "/login?locked");
			return;
		}
		chain.doFilter(request, response);
	}

}
