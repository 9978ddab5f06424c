package dev.sessioncluster.web.security;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.AccountRepository;
import dev.sessioncluster.web.devices.UserSessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/**
 * Sign-in without an application: the session is stamped with the credential version its
 * password was checked against, the session index and the limits hear of it, and the
 * visitor goes to the page first asked for.
 */
class SignInTests {

	private final AccountRepository accounts = mock(AccountRepository.class);

	private final UserSessions userSessions = mock(UserSessions.class);

	private final LoginThrottle throttle = mock(LoginThrottle.class);

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@AfterEach
	void clear() {
		RequestContextHolder.resetRequestAttributes();
		SecurityContextHolder.clearContext();
	}

	@Test
	void theSessionIsStampedWithTheVersionReadWithThePasswordHash() throws Exception {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
		Account alice = account("alice", 7);
		given(this.accounts.findByUsername("Alice")).willReturn(Optional.of(alice));

		UserDetails user = new AccountUserDetailsService(this.accounts).loadUserByUsername("Alice");
		handler().onAuthenticationSuccess(this.request, this.response, signedIn(user));

		assertThat(CredentialStamp.of(this.request.getSession(false))).isEqualTo(7L);
		assertThat(user.getUsername()).isEqualTo("alice");
		assertThat(user.getPassword()).isEqualTo("{noop}hash");
		assertThat(user.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
	}

	@Test
	void anUnknownUsernameIsNotFoundAndStampsNothing() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));

		assertThatExceptionOfType(UsernameNotFoundException.class)
			.isThrownBy(() -> new AccountUserDetailsService(this.accounts).loadUserByUsername("nobody"));
		assertThatIllegalStateException().isThrownBy(() -> CredentialStamp.stampSignIn(this.request))
			.withMessage("No credentials were checked in this request");
	}

	@Test
	void checkingOutsideARequestRecordsNothingAndFailsNothing() {
		CredentialStamp.checking(account("alice", 3));

		assertThat(RequestContextHolder.getRequestAttributes()).isNull();
	}

	@Test
	void aSessionWithoutAStampMustSignInAgain() {
		MockHttpSession session = new MockHttpSession();
		assertThat(CredentialStamp.of(null)).isNull();
		assertThat(CredentialStamp.of(session)).isNull();
		session.setAttribute(CredentialStamp.SESSION_ATTRIBUTE, "3");
		assertThat(CredentialStamp.of(session)).as("not a number").isNull();
		session.setAttribute(CredentialStamp.SESSION_ATTRIBUTE, 3);
		assertThat(CredentialStamp.of(session)).as("as JSON may read it back").isEqualTo(3L);
	}

	@Test
	void aSuccessRecordsTheSessionClearsTheLimitsAndGoesToTheProfile() throws Exception {
		checked(5);
		this.request.setRemoteAddr("192.0.2.9");
		this.request.getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, "a failure before");

		handler().onAuthenticationSuccess(this.request, this.response, signedIn("alice"));

		then(this.userSessions).should().signedIn(this.request, "alice");
		then(this.throttle).should().succeeded("alice", "192.0.2.9");
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/profile");
		assertThat(this.request.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)).isNull();
	}

	@Test
	void aSuccessGoesToThePageFirstAskedForOnceAndForgetsIt() throws Exception {
		checked(5);
		this.request.getSession().setAttribute(PathOnlyRequestCache.ATTRIBUTE, "/account/sessions?tab=2");
		this.request.getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, "a failure before");

		handler().onAuthenticationSuccess(this.request, this.response, signedIn("alice"));

		assertThat(this.response.getRedirectedUrl()).isEqualTo("/account/sessions?tab=2");
		assertThat(this.request.getSession().getAttribute(PathOnlyRequestCache.ATTRIBUTE)).isNull();
		assertThat(this.request.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)).isNull();
		then(this.userSessions).should().signedIn(this.request, "alice");
	}

	@Test
	void aRegisteredAccountIsSignedInAsFormLoginWould() {
		MockHttpSession before = new MockHttpSession();
		this.request.setSession(before);
		String idBefore = before.getId();
		HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
		SignIn signIn = new SignIn(new ChangeSessionIdAuthenticationStrategy(), contexts, this.userSessions);

		signIn.signIn(account("bob", 2), this.request, this.response);

		assertThat(this.request.getSession().getId()).as("a new session id").isNotEqualTo(idBefore);
		Authentication saved = contexts.loadDeferredContext(this.request).get().getAuthentication();
		assertThat(saved.getName()).isEqualTo("bob");
		assertThat(saved.isAuthenticated()).isTrue();
		assertThat(saved.getCredentials()).isNull();
		assertThat(((UserDetails) saved.getPrincipal()).getPassword()).as("erased").isNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(saved);
		assertThat(CredentialStamp.of(this.request.getSession())).isEqualTo(2L);
		then(this.userSessions).should().signedIn(this.request, "bob");
	}

	@Test
	void theSignInLimitIsCheckedOnPostsOfTheFormOnly() throws Exception {
		LoginThrottleFilter filter = new LoginThrottleFilter(this.throttle, () -> {
		});
		this.request.setServletPath("/login");
		this.request.setParameter("username", "alice");
		this.request.setRemoteAddr("192.0.2.9");
		MockFilterChain refused = new MockFilterChain();

		filter.doFilter(this.request, this.response, refused);

		assertThat(this.response.getRedirectedUrl()).isEqualTo("/login?locked");
		assertThat(refused.getRequest()).as("the password is not checked").isNull();
		given(this.throttle.tryAttempt("alice", "192.0.2.9")).willReturn(true);
		MockFilterChain allowed = new MockFilterChain();
		filter.doFilter(this.request, new MockHttpServletResponse(), allowed);
		assertThat(allowed.getRequest()).isNotNull();

		MockHttpServletRequest page = new MockHttpServletRequest("GET", "/login");
		page.setServletPath("/login");
		MockHttpServletRequest otherForm = new MockHttpServletRequest("POST", "/register");
		otherForm.setServletPath("/register");
		for (MockHttpServletRequest other : new MockHttpServletRequest[] { page, otherForm }) {
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(other, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).isNotNull();
		}
		then(this.throttle).should(times(2)).tryAttempt("alice", "192.0.2.9");
		then(this.throttle).shouldHaveNoMoreInteractions();
	}

	private SignInSuccessHandler handler() {
		return new SignInSuccessHandler(this.userSessions, this.throttle, new PathOnlyRequestCache());
	}

	/** As the user details service does in the sign-in request. */
	private void checked(long version) {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
		CredentialStamp.checking(account("alice", version));
	}

	private static Account account(String username, long credentialVersion) {
		Account account = mock(Account.class);
		given(account.getUsername()).willReturn(username);
		given(account.getPasswordHash()).willReturn("{noop}hash");
		given(account.getCredentialVersion()).willReturn(credentialVersion);
		return account;
	}

	private static Authentication signedIn(String username) {
		return UsernamePasswordAuthenticationToken.authenticated(username, null, java.util.List.of());
	}

	private static Authentication signedIn(UserDetails user) {
		return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
	}

}
