package dev.sessioncluster.web.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

import dev.sessioncluster.web.sessions.UserSessions;

/**
 * After a successful sign-in (the session already has its new id): record the session in
 * the user's session index, clear the failed attempts of that username, and go to the
 * page first asked for, or the profile.
 */
final class SignInSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

	private final UserSessions userSessions;

	private final LoginThrottle loginThrottle;

	SignInSuccessHandler(UserSessions userSessions, LoginThrottle loginThrottle) {
		this.userSessions = userSessions;
		this.loginThrottle = loginThrottle;
		setDefaultTargetUrl("/profile");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		CredentialStamp.stampSignIn(request);
		this.userSessions.signedIn(request, authentication.getName());
		this.loginThrottle.succeeded(authentication.getName());
		super.onAuthenticationSuccess(request, response, authentication);
	}

}
