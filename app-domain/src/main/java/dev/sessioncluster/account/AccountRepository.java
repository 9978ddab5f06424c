package dev.sessioncluster.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Accounts by id, username (case-insensitive, through the normalized key) and email.
 */
public interface AccountRepository extends JpaRepository<Account, Long> {

	Optional<Account> findByUsernameKey(String usernameKey);

	boolean existsByUsernameKey(String usernameKey);

	boolean existsByEmail(String email);

	boolean existsByEmailAndIdNot(String email, Long id);

	/**
	 * Finds an account by username, ignoring case.
	 * @param username the username as typed
	 * @return the account, if any
	 */
	default Optional<Account> findByUsername(String username) {
		if (username == null || username.isBlank()) {
			return Optional.empty();
		}
		return findByUsernameKey(Account.usernameKey(username));
	}

}
