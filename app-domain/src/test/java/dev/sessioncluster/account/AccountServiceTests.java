package dev.sessioncluster.account;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.user.NoCurrentUserException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@DataJpaTest
@Import({ AccountConfiguration.class, AccountService.class })
class AccountServiceTests {

	@Autowired
	AccountService service;

	@Autowired
	AccountRepository accounts;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Test
	void registersWithAHashedPassword() {
		Account account = this.service
			.register(new Registration(" Alice ", "Alice@Example.com", " Alice A. ", "correct horse battery"));

		assertThat(account.getId()).isNotNull();
		assertThat(account.getUsername()).isEqualTo("Alice");
		assertThat(account.getDisplayName()).isEqualTo("Alice A.");
		assertThat(account.getEmail()).isEqualTo("alice@example.com");
		assertThat(account.getPasswordHash()).startsWith("{bcrypt}").doesNotContain("correct horse");
		assertThat(this.passwordEncoder.matches("correct horse battery", account.getPasswordHash())).isTrue();
	}

	@Test
	void rejectsATakenUsernameInAnotherCase() {
		register("alice");

		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> this.service
				.register(new Registration("ALICE", "other@example.com", "Other", "correct horse battery")))
			.satisfies((ex) -> assertThat(ex.input()).isEqualTo(AccountInput.USERNAME))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("username.taken"));
	}

	@Test
	void rejectsATakenEmail() {
		register("alice");

		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> this.service
				.register(new Registration("bob", "ALICE@example.com", "Bob", "correct horse battery")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("email.taken"));
	}

	@Test
	void appliesThePasswordPolicyAtRegistration() {
		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> this.service.register(new Registration("bob", "b@example.com", "Bob", "short-11-ch")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("password.tooShort"));
		assertThatExceptionOfType(AccountInputException.class).isThrownBy(
				() -> this.service.register(new Registration("bobbybobbybob", "b@example.com", "Bob", "BobbyBobbyBob")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("password.sameAsUsername"));
		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> this.service.register(new Registration("bob", "b@example.com", "Bob", "é".repeat(37))))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("password.tooLong"));
		assertThat(this.accounts.count()).isZero();
	}

	@Test
	void updatesTheProfileOfTheCurrentUserOnly() {
		Account alice = register("alice");
		Account bob = register("bob");

		Account updated = CurrentUserHolder.callAs(alice.toCurrentUser(),
				() -> this.service.updateProfile(new ProfileUpdate("Alice Liddell", "ALICE@wonderland.example", "Hi")));

		assertThat(updated.getDisplayName()).isEqualTo("Alice Liddell");
		assertThat(updated.getEmail()).isEqualTo("alice@wonderland.example");
		assertThat(updated.getUpdatedBy()).isEqualTo("alice");
		assertThat(this.accounts.findById(bob.getId()).orElseThrow().getDisplayName()).isEqualTo("bob");
	}

	@Test
	void refusesAnotherAccountsEmail() {
		Account alice = register("alice");
		register("bob");

		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> CurrentUserHolder.runAs(alice.toCurrentUser(),
					() -> this.service.updateProfile(new ProfileUpdate("Alice", "bob@example.com", ""))))
			.satisfies((ex) -> assertThat(ex.input()).isEqualTo(AccountInput.EMAIL));
	}

	@Test
	void needsASignedInUserForProfileChanges() {
		assertThatExceptionOfType(NoCurrentUserException.class)
			.isThrownBy(() -> this.service.updateProfile(new ProfileUpdate("X", "x@example.com", "")));
	}

	@Test
	void changesThePasswordOnlyWithTheCurrentOne() {
		Account alice = register("alice");

		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> CurrentUserHolder.runAs(alice.toCurrentUser(),
					() -> this.service.changePassword(new PasswordChange("wrong password", "a brand new secret"))))
			.satisfies((ex) -> assertThat(ex.input()).isEqualTo(AccountInput.CURRENT_PASSWORD));
		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> CurrentUserHolder.runAs(alice.toCurrentUser(),
					() -> this.service.changePassword(new PasswordChange("alice-password", "too short"))))
			.satisfies((ex) -> assertThat(ex.input()).isEqualTo(AccountInput.PASSWORD));

		CurrentUserHolder.runAs(alice.toCurrentUser(),
				() -> this.service.changePassword(new PasswordChange("alice-password", "a brand new secret")));

		String hash = this.accounts.findById(alice.getId()).orElseThrow().getPasswordHash();
		assertThat(this.passwordEncoder.matches("a brand new secret", hash)).isTrue();
		assertThat(this.passwordEncoder.matches("alice-password", hash)).isFalse();
	}

	@Test
	void refusesAUsernameWithControlOrInvisibleCharacters() {
		register("bob");

		for (String padded : new String[] { "bob\u0005", "\u0000bob", "b\u0007ob", "bob\u200b", "carol\u001f" }) {
			assertThatExceptionOfType(AccountInputException.class)
				.isThrownBy(() -> this.service.register(
						new Registration(padded, "x" + padded.length() + "@example.com", "X", "correct horse battery")))
				.satisfies((ex) -> assertThat(ex.input()).isEqualTo(AccountInput.USERNAME))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo("username.invisibleCharacters"));
		}
		assertThat(this.accounts.count()).isEqualTo(1);
	}

	@Test
	void aCompatibilitySpellingIsTheSameAccount() {
		register("bob");

		assertThatExceptionOfType(AccountInputException.class)
			.isThrownBy(() -> this.service
				.register(new Registration("\uff42\uff4f\uff42", "wide@example.com", "Wide", "correct horse battery")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("username.taken"));
		assertThat(this.accounts.findByUsername("\uff22\uff2f\uff22\u0005")).get()
			.extracting(Account::getUsername)
			.isEqualTo("bob");
	}

	@Test
	void aNewPasswordOrEndingSessionsMovesTheCredentialVersionOn() {
		Account alice = register("alice");
		long signedIn = alice.getCredentialVersion();
		assertThat(this.service.findSignedInUser("ALICE", signedIn)).contains(alice.toCurrentUser());

		long changed = CurrentUserHolder.callAs(alice.toCurrentUser(),
				() -> this.service.changePassword(new PasswordChange("alice-password", "a brand new secret")));
		long ended = CurrentUserHolder.callAs(alice.toCurrentUser(), this.service::endSessions);

		assertThat(changed).isEqualTo(signedIn + 1);
		assertThat(ended).isEqualTo(changed + 1);
		assertThat(this.service.findSignedInUser("alice", signedIn)).isEmpty();
		assertThat(this.service.findSignedInUser("alice", changed)).isEmpty();
		assertThat(this.service.findSignedInUser("alice", ended)).contains(alice.toCurrentUser());
		assertThat(this.service.findSignedInUser("nobody", ended)).isEmpty();
	}

	private Account register(String username) {
		return this.service
			.register(new Registration(username, username + "@example.com", username, username + "-password"));
	}

}
