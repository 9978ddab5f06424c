package dev.sessioncluster.web.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import dev.sessioncluster.web.devices.UserSessions;

/**
 * After a successful sign-in (the session already has its new id): record the session in
 * the user's session index, clear the attempts of that username, and go to the page first
 * asked for (a path on this site, see {@link PathOnlyRequestCache}), or the profile.
 */
final class SignInSuccessHandler extends SimpleUrlAuthenticationSuccessHandler {

	private final UserSessions userSessions;

	private final LoginThrottle loginThrottle;

	private final RequestCache requestCache;

	SignInSuccessHandler(UserSessions userSessions, LoginThrottle loginThrottle, RequestCache requestCache) {
		this.userSessions = userSessions;
		this.loginThrottle = loginThrottle;
		this.requestCache = requestCache;
		setDefaultTargetUrl("/profile");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		CredentialStamp.stampSignIn(request);
		this.userSessions.signedIn(request, authentication.getName());
		this.loginThrottle.succeeded(authentication.getName(), request.getRemoteAddr());
		SavedRequest saved = this.requestCache.getRequest(request, response);
		if (saved == null) {
			super.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		this.requestCache.removeRequest(request, response);
		clearAuthenticationAttributes(request);
		getRedirectStrategy().sendRedirect(request, response, saved.getRedirectUrl());
	}

}
