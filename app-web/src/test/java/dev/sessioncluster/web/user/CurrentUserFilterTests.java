package dev.sessioncluster.web.user;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.security.CredentialStamp;
import dev.sessioncluster.web.submission.FormSubmissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

class CurrentUserFilterTests {

	private static final CurrentUser ALICE = new CurrentUser(1, "alice", "Alice");

	private final AccountService accounts = mock(AccountService.class);

	private final CurrentUserFilter filter = new CurrentUserFilter(this.accounts, mock(FormSubmissions.class));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/profile");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final AtomicReference<Optional<CurrentUser>> seen = new AtomicReference<>();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
		assertThat(CurrentUserHolder.current()).as("holder after the filter").isEmpty();
	}

	@Test
	void bindsTheUserOfAValidSessionFromTheDatabase() throws Exception {
		authenticate("alice");
		CredentialStamp.stamp(this.request.getSession(), 3);
		given(this.accounts.findSignedInUser("alice", 3)).willReturn(Optional.of(ALICE));

		this.filter.doFilter(this.request, this.response, recordingChain());

		assertThat(this.seen.get()).contains(ALICE);
		assertThat(this.request.getSession().getAttributeNames().asIterator()).toIterable()
			.containsExactly(CredentialStamp.SESSION_ATTRIBUTE);
	}

	@Test
	void endsASessionWhoseCredentialsChangedAndSendsItToTheSignInPage() throws Exception {
		authenticate("alice");
		MockHttpSession session = new MockHttpSession();
		this.request.setSession(session);
		CredentialStamp.stamp(session, 3);
		given(this.accounts.findSignedInUser("alice", 3)).willReturn(Optional.empty());

		this.filter.doFilter(this.request, this.response, recordingChain());

		assertThat(this.seen.get()).as("the chain did not run").isNull();
		assertThat(session.isInvalid()).isTrue();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/login");
	}

	@Test
	void endsASignedInSessionWithoutAStamp() throws Exception {
		authenticate("alice");
		MockHttpSession session = new MockHttpSession();
		this.request.setSession(session);

		this.filter.doFilter(this.request, this.response, recordingChain());

		assertThat(session.isInvalid()).isTrue();
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/login");
		then(this.accounts).shouldHaveNoInteractions();
	}

	@Test
	void bindsNobodyForAnonymousRequestsAndCreatesNoSession() throws Exception {
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

		this.filter.doFilter(this.request, this.response, recordingChain());

		assertThat(this.seen.get()).isEmpty();
		assertThat(this.request.getSession(false)).isNull();
		then(this.accounts).shouldHaveNoInteractions();
	}

	@Test
	void clearsTheHolderWhenTheControllerThrows() {
		authenticate("alice");
		CredentialStamp.stamp(this.request.getSession(), 0);
		given(this.accounts.findSignedInUser("alice", 0)).willReturn(Optional.of(ALICE));
		MockFilterChain throwing = new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest req, HttpServletResponse res) {
				assertThat(CurrentUserHolder.require()).isEqualTo(ALICE);
				throw new IllegalStateException("controller failed");
			}
		});

		assertThatIllegalStateException().isThrownBy(() -> this.filter.doFilter(this.request, this.response, throwing))
			.withMessage("controller failed");
		assertThat(CurrentUserHolder.current()).isEmpty();
	}

	@Test
	void clearsTheHolderWhenTheChainThrowsACheckedException() {
		authenticate("alice");
		CredentialStamp.stamp(this.request.getSession(), 0);
		given(this.accounts.findSignedInUser("alice", 0)).willReturn(Optional.of(ALICE));
		MockFilterChain throwing = new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException {
				throw new ServletException("view failed");
			}
		});

		assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, throwing));
		assertThat(CurrentUserHolder.current()).isEmpty();
	}

	private void authenticate(String username) {
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(username, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		SecurityContextHolder.getContext().setAuthentication(authentication);
	}

	private MockFilterChain recordingChain() {
		return new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest req, HttpServletResponse res) {
				CurrentUserFilterTests.this.seen.set(CurrentUserHolder.current());
			}
		});
	}

}
