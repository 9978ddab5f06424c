package dev.sessioncluster.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.web.devices.UserSessions;

/**
 * Signs in an account that has just been registered, exactly as form login would: a new
 * session id (session fixation), a new CSRF token, and the security context saved to the
 * session.
 */
@Component
public class SignIn {

	private final SessionAuthenticationStrategy sessionAuthenticationStrategy;

	private final SecurityContextRepository securityContextRepository;

	private final SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private final UserSessions userSessions;

	SignIn(SessionAuthenticationStrategy sessionAuthenticationStrategy,
			SecurityContextRepository securityContextRepository, UserSessions userSessions) {
		this.sessionAuthenticationStrategy = sessionAuthenticationStrategy;
		this.securityContextRepository = securityContextRepository;
		this.userSessions = userSessions;
	}

	/**
	 * Signs {@code account} in for the rest of this session.
	 * @param account the freshly registered account
	 * @param request the current request
	 * @param response the current response
	 */
	public void signIn(Account account, HttpServletRequest request, HttpServletResponse response) {
		User user = (User) AccountUserDetailsService.toUserDetails(account);
		user.eraseCredentials();
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(user, null,
				user.getAuthorities());
		this.sessionAuthenticationStrategy.onAuthentication(authentication, request, response);
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(authentication);
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		CredentialStamp.stamp(request.getSession(), account.getCredentialVersion());
		this.userSessions.signedIn(request, account.getUsername());
	}

}
