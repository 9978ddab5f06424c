package dev.sessioncluster.account;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;

import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Repository behaviour every supported database must show. Subclasses pick the database.
 */
@DataJpaTest
@Import(AccountConfiguration.class)
abstract class AccountRepositoryContract {

	@Autowired
	AccountRepository accounts;

	@Autowired
	TestEntityManager entityManager;

	@Test
	void findsByUsernameIgnoringCase() {
		this.accounts.saveAndFlush(new Account("Alice", "alice@example.com", "Alice", "{noop}x"));

		assertThat(this.accounts.findByUsername("aLiCe")).get().extracting(Account::getUsername).isEqualTo("Alice");
		assertThat(this.accounts.existsByUsernameKey("alice")).isTrue();
		assertThat(this.accounts.findByUsername("bob")).isEmpty();
		assertThat(this.accounts.findByUsername(" ")).isEmpty();
	}

	@Test
	void usernameIsUniqueRegardlessOfCase() {
		this.accounts.saveAndFlush(new Account("alice", "alice@example.com", "Alice", "{noop}x"));

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
				() -> this.accounts.saveAndFlush(new Account("ALICE", "other@example.com", "Alice 2", "{noop}x")));
	}

	@Test
	void emailIsUniqueAndStoredInLowerCase() {
		Account saved = this.accounts.saveAndFlush(new Account("alice", "Alice@Example.COM", "Alice", "{noop}x"));
		assertThat(saved.getEmail()).isEqualTo("alice@example.com");

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
				() -> this.accounts.saveAndFlush(new Account("alice2", "ALICE@example.com", "Alice", "{noop}x")));
	}

	@Test
	void auditColumnsComeFromTheCurrentUserHolder() {
		Instant before = Instant.now().minusSeconds(1);
		Account account = this.accounts.saveAndFlush(new Account("carol", "carol@example.com", "Carol", "{noop}x"));
		assertThat(account.getCreatedBy()).isEqualTo("system");
		assertThat(account.getUpdatedBy()).isEqualTo("system");
		assertThat(account.getCreatedAt()).isAfter(before);

		CurrentUserHolder.runAs(new CurrentUser(account.getId(), "carol", "Carol"), () -> {
			account.updateProfile("Carol C.", "carol@example.com", "Hello");
			this.accounts.saveAndFlush(account);
		});
		this.entityManager.clear();

		Account reloaded = this.accounts.findById(account.getId()).orElseThrow();
		assertThat(reloaded.getUpdatedBy()).isEqualTo("carol");
		assertThat(reloaded.getCreatedBy()).isEqualTo("system");
		assertThat(reloaded.getUpdatedAt()).isAfterOrEqualTo(reloaded.getCreatedAt());
		assertThat(reloaded.getVersion()).isEqualTo(1);
	}

	@Test
	void storesLongUnicodeText() {
		String bio = "Ünïcødé 🚀 שלום ".repeat(200).substring(0, Account.BIO_MAX_LENGTH);
		Account account = new Account("dora", "dora@example.com", "Dörä 🚀 شيماء", "{noop}x");
		account.updateProfile("Dörä 🚀 شيماء", "dora@example.com", bio);
		Long id = this.accounts.saveAndFlush(account).getId();
		this.entityManager.clear();

		Account reloaded = this.accounts.findById(id).orElseThrow();
		assertThat(reloaded.getBio()).isEqualTo(bio);
		assertThat(reloaded.getDisplayName()).isEqualTo("Dörä 🚀 شيماء");
	}

}
