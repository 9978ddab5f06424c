package dev.sessioncluster.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Accounts by id, username (through its canonical form, the key) and email.
 */
public interface AccountRepository extends JpaRepository<Account, Long> {

	Optional<Account> findByUsernameKey(String usernameKey);

	boolean existsByUsernameKey(String usernameKey);

	boolean existsByEmail(String email);

	boolean existsByEmailAndIdNot(String email, Long id);

	/**
	 * Finds an account by username in its {@link Username#canonical canonical form}.
	 * @param username the username as typed
	 * @return the account, if any
	 */
	default Optional<Account> findByUsername(String username) {
		String key = Username.canonical(username);
		if (key.isEmpty() || key.length() > Account.USERNAME_MAX_LENGTH) {
			return Optional.empty();
		}
		return findByUsernameKey(key);
	}

}
