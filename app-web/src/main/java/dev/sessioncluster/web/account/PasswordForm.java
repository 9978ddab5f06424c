package dev.sessioncluster.web.account;

import jakarta.validation.constraints.NotBlank;

import dev.sessioncluster.account.PasswordChange;

/**
 * The change-password form.
 *
 * @param currentPassword the password in use
 * @param newPassword the replacement
 */
record PasswordForm(@NotBlank String currentPassword, @NotBlank String newPassword) {

	static PasswordForm empty() {
		return new PasswordForm("", "");
	}

	PasswordChange toChange() {
		return new PasswordChange(this.currentPassword, this.newPassword);
	}

	@Override
	public String toString() {
		return "PasswordForm[****]";
	}

}
