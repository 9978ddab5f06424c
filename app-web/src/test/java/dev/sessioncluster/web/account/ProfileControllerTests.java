package dev.sessioncluster.web.account;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.AccountInput;
import dev.sessioncluster.account.AccountInputException;
import dev.sessioncluster.account.AccountNotFoundException;
import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.account.ProfileUpdate;
import dev.sessioncluster.submission.Submission;
import dev.sessioncluster.submission.SubmissionOutcome;
import dev.sessioncluster.submission.Submissions;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.session.SessionStrategyProperties;
import dev.sessioncluster.web.submission.FormSubmissions;
import dev.sessioncluster.web.submission.SubmissionTokens;
import dev.sessioncluster.web.support.ReplicaProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The profile controller in a web slice: validation, mapping of domain errors to fields,
 * escaping, the post-redirect-get flow and the one-time token, with the services mocked
 * (the submission record runs its work as the database would the first time).
 */
@WebMvcTest(ProfileController.class)
@Import({ SubmissionTokens.class, FormSubmissions.class })
@WithMockUser("alice")
class ProfileControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SubmissionTokens tokens;

	@MockitoBean
	AccountService accounts;

	@MockitoBean
	Submissions submissions;

	private final MockHttpSession session = new MockHttpSession();

	private final Account alice = account("alice", "Alice Martin", "alice@example.com");

	private CurrentUserHolder.Scope scope;

	@BeforeEach
	void signInAlice() {
		// MockMvc runs the request on the test thread; bind the user as CurrentUserFilter
		// would.
		this.scope = CurrentUserHolder.bind(new CurrentUser(1, "alice", "Alice Martin"));
		given(this.accounts.currentAccount()).willReturn(this.alice);
		given(this.submissions.once(anyString(), eq("profile"), any())).willAnswer((invocation) -> {
			SubmissionOutcome outcome = invocation.<Supplier<SubmissionOutcome>>getArgument(2).get();
			Submission submission = mock(Submission.class);
			given(submission.outcome()).willReturn(outcome);
			return submission;
		});
	}

	@AfterEach
	void unbind() {
		this.scope.close();
	}

	@Test
	void aSignedInAccountThatNoLongerExistsEndsTheSession() {
		given(this.accounts.currentAccount()).willThrow(new AccountNotFoundException("alice"));

		MvcTestResult result = this.mvc.get().uri("/profile").exchange();

		assertThat(result).hasStatus(HttpStatus.FOUND).hasRedirectedUrl("/login");
		assertThat(result.getRequest().getSession(false)).isNull();
	}

	@Test
	void showsTheProfile() {
		assertThat(this.mvc.get().uri("/profile")).hasStatusOk()
			.hasViewName(ProfileController.VIEW)
			.bodyText()
			.contains("Alice Martin")
			.contains("@alice")
			.contains("alice@example.com")
			.contains("No bio yet.");
	}

	@Test
	void savesAndRedirectsWithAConfirmation() {
		Account updated = account("alice", "Alice Liddell", "alice@example.com");
		given(this.accounts.updateProfile(new ProfileUpdate("Alice Liddell", "alice@example.com", "Hi")))
			.willReturn(updated);

		var result = this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice Liddell")
			.param("email", "alice@example.com")
			.param("bio", "Hi")
			.session(this.session)
			.param("_submission", this.tokens.issue(this.session))
			.with(csrf())
			.exchange();

		assertThat(result).hasStatus3xxRedirection().hasRedirectedUrl("/profile");
		assertThat(result).flash().containsEntry("message", "profile.saved");
	}

	@Test
	void tooLongBioIsRejectedBeforeTheService() {
		assertThat(this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice")
			.param("email", "alice@example.com")
			.param("bio", "x".repeat(10 * 1024))
			.session(this.session)
			.param("_submission", this.tokens.issue(this.session))
			.with(csrf())).hasStatusOk().bodyText().contains("Use at most 2,000 characters.");
		then(this.accounts).should(never()).updateProfile(any());
	}

	@Test
	void blankAndMalformedFieldsGetMessages() {
		assertThat(this.mvc.post()
			.uri("/profile")
			.param("displayName", " ")
			.param("email", "alice@")
			.param("bio", "")
			.session(this.session)
			.param("_submission", this.tokens.issue(this.session))
			.with(csrf())).hasStatusOk()
			.bodyText()
			.contains("This field is required.")
			.contains("Enter a valid email address.");
		then(this.accounts).should(never()).updateProfile(any());
	}

	@Test
	void domainRuleViolationIsShownOnTheField() {
		willThrow(new AccountInputException(AccountInput.EMAIL, "email.taken")).given(this.accounts)
			.updateProfile(any());

		assertThat(this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice")
			.param("email", "bob@example.com")
			.param("bio", "")
			.session(this.session)
			.param("_submission", this.tokens.issue(this.session))
			.with(csrf())).hasStatusOk()
			.bodyText()
			.contains("This email address is already registered.")
			.contains("value=\"bob@example.com\"");
	}

	@Test
	void concurrentChangeAsksTheUserToReview() {
		willThrow(new ObjectOptimisticLockingFailureException(Account.class, 1L)).given(this.accounts)
			.updateProfile(any());

		assertThat(this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice")
			.param("email", "alice@example.com")
			.param("bio", "")
			.session(this.session)
			.param("_submission", this.tokens.issue(this.session))
			.with(csrf())).hasStatusOk().bodyText().contains("Your profile was changed elsewhere");
	}

	@Test
	void markupInTheProfileIsEscaped() {
		given(this.accounts.currentAccount())
			.willReturn(account("alice", "<script>alert(1)</script>", "alice@example.com"));

		assertThat(this.mvc.get().uri("/profile")).hasStatusOk()
			.bodyText()
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.doesNotContain("<script>alert(1)");
	}

	@Test
	void postWithoutCsrfTokenIsForbidden() {
		assertThat(this.mvc.post().uri("/profile").param("displayName", "X").param("email", "x@example.com"))
			.hasStatus(403);
		then(this.accounts).should(never()).updateProfile(any());
	}

	@Test
	void postWithoutSubmissionTokenShowsTheFormAgainAndChangesNothing() {
		assertThat(this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice Liddell")
			.param("email", "alice@example.com")
			.param("bio", "")
			.with(csrf())).hasStatusOk().bodyText().contains("Nothing was changed").contains("value=\"Alice Liddell\"");
		then(this.accounts).should(never()).updateProfile(any());
	}

	@Test
	void aTokenIssuedToAnotherSessionIsNotAccepted() {
		assertThat(this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice Liddell")
			.param("email", "alice@example.com")
			.param("bio", "")
			.session(this.session)
			.param("_submission", this.tokens.issue(new MockHttpSession()))
			.with(csrf())).hasStatusOk().bodyText().contains("Nothing was changed");
		then(this.accounts).should(never()).updateProfile(any());
	}

	@Test
	void aReplayAnswersAsTheFirstRunWithoutRunning() {
		String token = this.tokens.issue(this.session);
		Submission recorded = mock(Submission.class);
		given(recorded.getForm()).willReturn("profile");
		given(recorded.outcome()).willReturn(SubmissionOutcome.of("profile.saved"));
		given(this.submissions.find(token)).willReturn(Optional.of(recorded));

		var result = this.mvc.post()
			.uri("/profile")
			.param("displayName", "Alice Liddell")
			.param("email", "alice@example.com")
			.param("bio", "Hi")
			.session(this.session)
			.param("_submission", token)
			.with(csrf())
			.exchange();

		assertThat(result).hasStatus3xxRedirection().hasRedirectedUrl("/profile");
		assertThat(result).flash().containsEntry("message", "profile.saved");
		then(this.accounts).should(never()).updateProfile(any());
	}

	@Test
	void avatarInitialIsAWholeCharacter() {
		assertThat(ProfileController.initial("ärger")).isEqualTo("Ä");
		assertThat(ProfileController.initial(" 🚀 Rocket")).isEqualTo("🚀");
		assertThat(ProfileController.initial("  ")).isEqualTo("?");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ ReplicaProperties.class, SessionStrategyProperties.class })
	static class LayoutConfiguration {

	}

	private static Account account(String username, String displayName, String email) {
		Account account = new Account(username, email, displayName, "{noop}secret");
		ReflectionTestUtils.setField(account, "id", 1L);
		ReflectionTestUtils.setField(account, "createdAt", Instant.parse("2026-01-15T10:00:00Z"));
		ReflectionTestUtils.setField(account, "updatedAt", Instant.parse("2026-01-15T10:00:00Z"));
		return account;
	}

}
