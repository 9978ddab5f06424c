package dev.sessioncluster.web.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.Registration;

/**
 * The registration form. Shape rules live here; business rules (taken names, the password
 * policy) in the domain's {@code AccountService}.
 *
 * @param username the name to sign in with
 * @param email the contact address
 * @param displayName the name shown in pages
 * @param password the password
 */
record RegistrationForm(
		@NotBlank @Size(min = 3,
				max = Account.USERNAME_MAX_LENGTH) @Pattern(regexp = "[A-Za-z0-9._-]*") String username,
		@NotBlank @Size(max = Account.EMAIL_MAX_LENGTH) @Email(regexp = ProfileForm.EMAIL_PATTERN) String email,
		@NotBlank @Size(max = Account.DISPLAY_NAME_MAX_LENGTH) String displayName, @NotBlank String password) {

	static RegistrationForm empty() {
		return new RegistrationForm("", "", "", "");
	}

	Registration toRegistration() {
		return new Registration(this.username, this.email, this.displayName, this.password);
	}

	@Override
	public String toString() {
		return "RegistrationForm[username=" + this.username + "]";
	}

}
