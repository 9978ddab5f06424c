package dev.sessioncluster.account;

import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;

/**
 * Opens accounts and changes them. Operations on "my" account read the signed-in user
 * from {@link CurrentUserHolder}, so callers cannot act on someone else's account by
 * passing the wrong id.
 */
@Service
@Transactional
public class AccountService {

	private final AccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	public AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
	}

	/**
	 * Opens an account.
	 * @param registration what the visitor typed
	 * @return the new account
	 * @throws AccountInputException if the username holds control or invisible
	 * characters, the username or email is taken, or the password breaks
	 * {@link PasswordPolicy}
	 */
	public Account register(Registration registration) {
		if (Username.hasInvisibleCharacters(registration.username())) {
			throw new AccountInputException(AccountInput.USERNAME, "username.invisibleCharacters");
		}
		if (this.accounts.existsByUsernameKey(Username.canonical(registration.username()))) {
			throw new AccountInputException(AccountInput.USERNAME, "username.taken");
		}
		if (this.accounts.existsByEmail(Account.normalizeEmail(registration.email()))) {
			throw new AccountInputException(AccountInput.EMAIL, "email.taken");
		}
		PasswordPolicy.check(registration.username(), registration.password());
		Account account = new Account(registration.username(), registration.email(), registration.displayName().strip(),
				this.passwordEncoder.encode(registration.password()));
		try {
			return this.accounts.saveAndFlush(account);
		}
		catch (DataIntegrityViolationException ex) {
			// Another request registered the same name or email between the check and the
			// insert (two replicas, one database): the unique constraints decided.
			throw new AccountInputException(AccountInput.USERNAME, "username.taken");
		}
	}

	/**
	 * An account a registration created, for a replay of that registration to sign in
	 * again.
	 * @param accountId the id the registration recorded
	 * @return the account
	 * @throws AccountNotFoundException if the account was deleted meanwhile
	 */
	@Transactional(readOnly = true)
	public Account registeredAccount(long accountId) {
		return this.accounts.findById(accountId).orElseThrow(() -> new AccountNotFoundException("#" + accountId));
	}

	/**
	 * The user a session signed in as, if the session is still valid: the account exists
	 * and its credentials have not changed since the session signed in.
	 * @param username the username the session signed in as, in any case
	 * @param credentialVersion the account's {@link Account#getCredentialVersion()
	 * credential version} when the session signed in
	 * @return the user, or empty if the session must end
	 */
	@Transactional(readOnly = true)
	public Optional<CurrentUser> findSignedInUser(String username, long credentialVersion) {
		return this.accounts.findByUsername(username)
			.filter((account) -> account.getCredentialVersion() == credentialVersion)
			.map(Account::toCurrentUser);
	}

	/**
	 * Ends every session of the signed-in user that signed in before now: they are
	 * refused from their next request on, wherever they are.
	 * @return the new credential version, for the sessions to keep
	 */
	public long endSessions() {
		Account account = load(CurrentUserHolder.require());
		account.endSessions();
		return account.getCredentialVersion();
	}

	/**
	 * The signed-in user's account.
	 * @return the account
	 * @throws dev.sessioncluster.user.NoCurrentUserException if nobody is signed in
	 * @throws AccountNotFoundException if the account was deleted meanwhile
	 */
	@Transactional(readOnly = true)
	public Account currentAccount() {
		return load(CurrentUserHolder.require());
	}

	/**
	 * Changes the signed-in user's profile.
	 * @param update the new values
	 * @return the updated account
	 * @throws AccountInputException if the email belongs to another account
	 */
	public Account updateProfile(ProfileUpdate update) {
		Account account = load(CurrentUserHolder.require());
		String email = Account.normalizeEmail(update.email());
		if (this.accounts.existsByEmailAndIdNot(email, account.getId())) {
			throw new AccountInputException(AccountInput.EMAIL, "email.taken");
		}
		account.updateProfile(update.displayName().strip(), email, update.bio());
		try {
			return this.accounts.saveAndFlush(account);
		}
		catch (DataIntegrityViolationException ex) {
			throw new AccountInputException(AccountInput.EMAIL, "email.taken");
		}
	}

	/**
	 * Changes the signed-in user's password after checking the current one.
	 * @param change the current and the new password
	 * @throws AccountInputException if the current password is wrong or the new one
	 * breaks {@link PasswordPolicy}
	 * @return the new credential version: every session signed in before it ends, unless
	 * it is given this version
	 */
	public long changePassword(PasswordChange change) {
		Account account = load(CurrentUserHolder.require());
		if (change.currentPassword() == null
				|| !this.passwordEncoder.matches(change.currentPassword(), account.getPasswordHash())) {
			throw new AccountInputException(AccountInput.CURRENT_PASSWORD, "password.currentWrong");
		}
		PasswordPolicy.check(account.getUsername(), change.newPassword());
		if (change.newPassword().equals(change.currentPassword())) {
			throw new AccountInputException(AccountInput.PASSWORD, "password.unchanged");
		}
		account.changePasswordHash(this.passwordEncoder.encode(change.newPassword()));
		return account.getCredentialVersion();
	}

	private Account load(CurrentUser user) {
		return this.accounts.findById(user.id()).orElseThrow(() -> new AccountNotFoundException(user.username()));
	}

}
