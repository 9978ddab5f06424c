package dev.sessioncluster.web.security;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import dev.sessioncluster.web.devices.UserSessions;
import dev.sessioncluster.web.urlsession.UrlSessionProperties;
import dev.sessioncluster.web.session.metrics.SessionMetrics;

/**
 * Form login against the account table, CSRF protection on every state-changing request,
 * a new session id at sign-in, and sign-out by POST that deletes the session from the
 * store.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	static final String[] PUBLIC_PATHS = { "/", "/login", "/register", "/error", "/assets/**", "/favicon.ico",
			"/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/inspector" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityContextRepository securityContextRepository,
			CsrfTokenRepository csrfTokenRepository, UrlSessionProperties urlSession, UserSessions userSessions,
			LoginThrottle loginThrottle, SignInMetrics signInMetrics) throws Exception {
		PathOnlyRequestCache requestCache = new PathOnlyRequestCache();
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(PUBLIC_PATHS).permitAll().anyRequest().authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.successHandler(new SignInSuccessHandler(userSessions, loginThrottle, requestCache))
				.failureUrl("/login?error")
				.permitAll())
			.requestCache((cache) -> cache.requestCache(requestCache))
			.addFilterBefore(new LoginThrottleFilter(loginThrottle, signInMetrics::throttled),
					UsernamePasswordAuthenticationFilter.class)
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout")
				.addLogoutHandler((request, response, authentication) -> {
					if (authentication != null) {
						userSessions.signedOut(authentication.getName(), request.getRequestedSessionId());
					}
				}))
			.securityContext((context) -> context.securityContextRepository(securityContextRepository))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokenRepository))
			// A repeated sign-out or sign-in whose session is gone: where the visitor
			// stands, not the 403 page.
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(new ExpiredFormHandler()))
			// Form login's default session strategy is already the one below (a new id,
			// a new CSRF token). Configuring it here would add SessionManagementFilter,
			// which loads the session on every request, static assets included. Spring
			// Security turns encodeURL into a no-op unless told otherwise.
			.sessionManagement((sessions) -> sessions.enableSessionUrlRewriting(urlSession.enabled()))
			.headers((headers) -> headers
				// Never send the address (which may carry the session id) to another
				// site.
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				// Every asset is served by the application: no inline code, no other
				// origin.
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
		// Also on by default: X-Content-Type-Options: nosniff, X-Frame-Options: DENY, and
		// Strict-Transport-Security on HTTPS requests (the forwarded protocol counts).
		return http.build();
	}

	@Bean
	SignInMetrics signInMetrics(MeterRegistry registry, SessionMetrics sessions) {
		return new SignInMetrics(registry, sessions);
	}

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	/**
	 * CSRF tokens live in the session (the cookie-less mode has no other place), under a
	 * short attribute name: every session carries the name in Redis, and the default is
	 * 74 characters long.
	 * @return the repository
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		HttpSessionCsrfTokenRepository repository = new HttpSessionCsrfTokenRepository();
		repository.setSessionAttributeName("csrfToken");
		return repository;
	}

	/**
	 * What happens to the session when someone signs in, by form or after registration:
	 * the session keeps its attributes but gets a new id (so an id planted before sign-in
	 * is worthless), and the CSRF token is replaced.
	 * @param csrfTokenRepository where CSRF tokens live
	 * @return the strategy
	 */
	@Bean
	SessionAuthenticationStrategy sessionAuthenticationStrategy(CsrfTokenRepository csrfTokenRepository) {
		return new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(),
				new CsrfAuthenticationStrategy(csrfTokenRepository)));
	}

}
