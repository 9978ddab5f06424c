package dev.sessioncluster.account;

/**
 * What a visitor supplies to open an account.
 *
 * @param username the unique (case-insensitive) name to sign in with
 * @param email the contact address, unique
 * @param displayName the name shown in pages
 * @param password the password in clear text, checked by {@link PasswordPolicy}
 */
public record Registration(String username, String email, String displayName, String password) {

	@Override
	public String toString() {
		return "Registration[username=" + this.username + ", email=" + this.email + "]";
	}

}
