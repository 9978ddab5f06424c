package dev.sessioncluster.web.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.ProfileUpdate;

/**
 * The profile form.
 *
 * @param displayName the name shown in pages
 * @param email the contact address
 * @param bio free text
 */
record ProfileForm(@NotBlank @Size(max = Account.DISPLAY_NAME_MAX_LENGTH) String displayName,
		@NotBlank @Size(max = Account.EMAIL_MAX_LENGTH) @Email(regexp = EMAIL_PATTERN) String email,
		@Size(max = Account.BIO_MAX_LENGTH) String bio) {

	/**
	 * Something, an at sign, something with a dot: stricter than {@code @Email} alone.
	 */
	static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

	static ProfileForm of(Account account) {
		return new ProfileForm(account.getDisplayName(), account.getEmail(), account.getBio());
	}

	ProfileUpdate toUpdate() {
		return new ProfileUpdate(this.displayName, this.email, (this.bio != null) ? this.bio : "");
	}

}
