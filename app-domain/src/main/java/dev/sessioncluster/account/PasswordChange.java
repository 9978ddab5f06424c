package dev.sessioncluster.account;

/**
 * A password change by the signed-in user, who must prove they know the current one.
 *
 * @param currentPassword the password in use
 * @param newPassword the replacement, checked by {@link PasswordPolicy}
 */
public record PasswordChange(String currentPassword, String newPassword) {

	@Override
	public String toString() {
		return "PasswordChange[****]";
	}

}
