package dev.sessioncluster.web.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * After a failed sign-in: count it against the username and the client address, then show
 * the form again with the same message whether or not the username exists.
 */
final class SignInFailureHandler extends SimpleUrlAuthenticationFailureHandler {

	private final LoginThrottle loginThrottle;

	SignInFailureHandler(LoginThrottle loginThrottle) {
		super("/login?error");
		this.loginThrottle = loginThrottle;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		this.loginThrottle.failed(request.getParameter("username"), request.getRemoteAddr());
		super.onAuthenticationFailure(request, response, exception);
	}

}
