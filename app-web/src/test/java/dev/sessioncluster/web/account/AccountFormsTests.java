package dev.sessioncluster.web.account;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the real HTTP stack: every case is answered on the form with a
 * message, keeps what the user typed (but never a password), saves nothing, and is never
 * a 500.
 */
class AccountFormsTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@Test
	void takenUsernameInAnotherCaseIsRejectedOnTheForm() {
		String username = uniqueName("taken");
		newUser().register(username, PASSWORD);

		Response again = newUser().submit("/register", "/register", Map.of("username", username.toUpperCase(), "email",
				"other-" + username + "@example.com", "displayName", "Someone Else", "password", PASSWORD));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).contains("This username is taken.")
			.contains("value=\"Someone Else\"")
			.doesNotContain(PASSWORD);
	}

	@Test
	void invalidEmailShortPasswordAndBlankFieldsGetMessages() {
		Response response = newUser().submit("/register", "/register",
				Map.of("username", uniqueName("bad"), "email", "not-an-email", "displayName", "", "password", "short"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("Enter a valid email address.").contains("This field is required.");

		Response shortPassword = newUser().submit("/register", "/register", Map.of("username", uniqueName("short"),
				"email", uniqueName("short") + "@example.com", "displayName", "Short", "password", "elevenchars"));
		assertThat(shortPassword.status()).isEqualTo(200);
		assertThat(shortPassword.body()).contains("Use at least 12 characters.");
	}

	@Test
	void oversizedBioIsRejectedAndNothingIsLost() {
		HttpUser user = newUser();
		String username = uniqueName("bio");
		user.register(username, PASSWORD);
		user.submit("/profile", "/profile",
				Map.of("displayName", "Kept Name", "email", username + "@example.com", "bio", "Kept bio"));

		Response tooLong = user.submit("/profile", "/profile",
				Map.of("displayName", "New Name", "email", username + "@example.com", "bio", "x".repeat(10 * 1024)));

		assertThat(tooLong.status()).isEqualTo(200);
		assertThat(tooLong.body()).contains("Use at most 2,000 characters.");
		Response profile = user.get("/profile");
		assertThat(profile.body()).contains("Kept Name").contains("Kept bio").doesNotContain("New Name");
	}

	@Test
	void htmlInTheDisplayNameIsRenderedEscaped() {
		HttpUser user = newUser();
		String username = uniqueName("xss");
		user.register(username, PASSWORD);

		Response saved = user.submit("/profile", "/profile", Map.of("displayName", "<script>alert(1)</script><b>x",
				"email", username + "@example.com", "bio", "<img src=x onerror=alert(2)>"));
		assertThat(saved.status()).isEqualTo(302);
		assertThat(saved.location()).isEqualTo("/profile");

		Response profile = user.get("/profile");
		assertThat(profile.body()).contains("Your profile has been saved.")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x")
			.contains("&lt;img src=x onerror=alert(2)&gt;")
			.doesNotContain("<script>alert(1)")
			.doesNotContain("<img src=x");
		// The refreshed display name reaches the session cache, so every page shows it.
		assertThat(user.get("/").body()).contains("Welcome back, &lt;script&gt;");
	}

	@Test
	void emailOfAnotherAccountIsRejected() {
		String other = uniqueName("other");
		newUser().register(other, PASSWORD);
		HttpUser user = newUser();
		String username = uniqueName("mine");
		user.register(username, PASSWORD);

		Response response = user.submit("/profile", "/profile",
				Map.of("displayName", "Mine", "email", other.toUpperCase() + "@example.com", "bio", ""));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("This email address is already registered.");
	}

	@Test
	void passwordChangeNeedsTheCurrentPasswordAndAppliesThePolicy() {
		HttpUser user = newUser();
		String username = uniqueName("pw");
		user.register(username, PASSWORD);

		Response wrongCurrent = user.submit("/account/password", "/account/password",
				Map.of("currentPassword", "not my password", "newPassword", "another long password"));
		assertThat(wrongCurrent.status()).isEqualTo(200);
		assertThat(wrongCurrent.body()).contains("This is not your current password.")
			.doesNotContain("another long password");

		Response tooShort = user.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "short"));
		assertThat(tooShort.body()).contains("Use at least 12 characters.");

		Response changed = user.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "another long password"));
		assertThat(changed.status()).isEqualTo(302);
		assertThat(changed.location()).isEqualTo("/profile");
		assertThat(user.get("/profile").body()).contains("Your password has been changed.");

		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/login?error");
		assertThat(newUser().signIn(username, "another long password").location()).isEqualTo("/profile");
	}

	@Test
	void signInIgnoresTheCaseOfTheUsername() {
		String username = uniqueName("case");
		newUser().register(username, PASSWORD);

		HttpUser user = newUser();
		assertThat(user.signIn(username.toUpperCase(), PASSWORD).location()).isEqualTo("/profile");
		assertThat(user.get("/profile").body()).contains("@" + username);
	}

}
