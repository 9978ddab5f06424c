package dev.sessioncluster.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The penetration test's findings about limits on guessing, each replayed as the attacker
 * did it, against real Redis. Every visitor comes from its own address (the test plays
 * the trusted proxy), so only the limit under test can refuse it.
 */
class AuthenticationLimitAttackTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	/** The sign-in limit per username and per address. */
	private static final int LIMIT = 5;

	@Test
	void paddingTheUsernameDoesNotBypassTheSignInLimit() {
		String username = uniqueName("bob");
		newUser().register(username, PASSWORD);
		for (int i = 0; i < LIMIT; i++) {
			// Each guess padded differently: every one must count against the same name.
			String padded = username + (char) (i + 1);
			assertThat(newUser().signIn(padded, "wrong password " + i).location()).isEqualTo("/login?error");
		}

		for (String padded : List.of(username + "\u0005", "\u0000" + username, username + "\u001f", " " + username,
				username + "\u200b", username.toUpperCase(), fullWidth(username))) {
			assertThat(newUser().signIn(padded, PASSWORD).location()).as("signing in as %s", escape(padded))
				.isEqualTo("/login?locked");
		}
		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/login?locked");
	}

	@Test
	void aUsernameWithControlCharactersCannotBeRegistered() {
		String username = uniqueName("ctrl");

		Response refused = newUser().register(username + "\u0005", PASSWORD);

		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.body()).contains("Use letters, digits, dots, dashes and underscores only.")
			.contains("Please correct the highlighted fields.");
		assertThat(newUser().signIn(username, PASSWORD).location()).as("no account was opened")
			.isEqualTo("/login?error");
	}

	@Test
	void concurrentAttemptsDoNotBeatTheSignInLimit() throws Exception {
		String username = uniqueName("burst");
		newUser().register(username, PASSWORD);
		int burst = 40;
		List<HttpUser> attackers = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < burst; i++) {
			HttpUser attacker = newUser();
			tokens.add(attacker.get("/login").csrfToken());
			attackers.add(attacker);
		}

		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(burst);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < burst; i++) {
				HttpUser attacker = attackers.get(i);
				Map<String, String> form = Map.of("username", username, "password", "wrong password " + i, "_csrf",
						tokens.get(i));
				answers.add(pool.submit(() -> {
					start.await();
					return attacker.postForm("/login", form).location();
				}));
			}
			start.countDown();
			List<String> locations = new ArrayList<>();
			for (Future<String> answer : answers) {
				locations.add(answer.get(2, TimeUnit.MINUTES));
			}

			assertThat(locations.stream().filter("/login?error"::equals).count())
				.as("attempts evaluated of %d simultaneous ones", burst)
				.isLessThanOrEqualTo(LIMIT);
			assertThat(locations).as("every answer").isSubsetOf("/login?error", "/login?locked");
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(newUser().signIn(username, PASSWORD).location()).as("the right password after the burst")
			.isEqualTo("/login?locked");
	}

	@Test
	void successfulSignInsFromOneSharedAddressDoNotLockIt() {
		String username = uniqueName("office");
		newUser().register(username, PASSWORD);
		String office = "10.202." + (System.nanoTime() % 250) + ".1";

		for (int i = 0; i < 3 * LIMIT; i++) {
			assertThat(newUser().from(office).signIn(username, PASSWORD).location()).as("sign-in %d", i)
				.isEqualTo("/profile");
		}
	}

	@Test
	void aHugeForwardedAddressDoesNotBecomeAHugeRedisKey() {
		String huge = "A".repeat(20 * 1024);

		Response attempt = newUser().from(huge).signIn(uniqueName("huge"), "wrong");

		assertThat(attempt.location()).isEqualTo("/login?error");
		assertThat(longestKeyLength("sessioncluster:*")).isLessThan(200);
	}

	@Test
	void guessingTheCurrentPasswordIsLimitedPerAccount() {
		String username = uniqueName("victim");
		HttpUser thief = newUser();
		thief.register(username, PASSWORD);
		HttpUser otherSession = newUser();
		otherSession.signIn(username, PASSWORD);

		for (int i = 0; i < LIMIT; i++) {
			// An invalid new password: before the limit, the guess had no side effect.
			Response guess = thief.submit("/account/password", "/account/password",
					Map.of("currentPassword", "guess number " + i, "newPassword", "short"));
			assertThat(guess.status()).isEqualTo(200);
			assertThat(guess.body()).contains("This is not your current password.");
		}

		Response right = thief.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "the thief's new password"));
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.body()).contains("Too many wrong current passwords.")
			.doesNotContain("This is not your current password.");
		Response fromOtherSession = otherSession.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "another new password"));
		assertThat(fromOtherSession.status()).as("the limit is the account's, not the session's").isEqualTo(429);

		assertThat(newUser().signIn(username, PASSWORD).location()).as("the password is unchanged")
			.isEqualTo("/profile");
		assertThat(thief.get("/profile").status()).as("still signed in").isEqualTo(200);
	}

	@Test
	void aRightCurrentPasswordClearsTheCount() {
		String username = uniqueName("forgetful");
		HttpUser user = newUser();
		user.register(username, PASSWORD);
		for (int i = 0; i < LIMIT - 1; i++) {
			user.submit("/account/password", "/account/password",
					Map.of("currentPassword", "not it " + i, "newPassword", "a brand new password"));
		}
		Response weakNew = user.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "short"));
		assertThat(weakNew.body()).contains("Use at least 12 characters.");

		for (int i = 0; i < LIMIT - 1; i++) {
			user.submit("/account/password", "/account/password",
					Map.of("currentPassword", "still not it " + i, "newPassword", "a brand new password"));
		}
		Response changed = user.submit("/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password"));
		assertThat(changed.location()).isEqualTo("/profile");
	}

	@Test
	void registrationProbesAreLimitedPerAddress() {
		String taken = uniqueName("known");
		newUser().register(taken, PASSWORD);
		String address = "10.201." + (System.nanoTime() % 250) + ".9";

		for (int i = 0; i < 20; i++) {
			Response probe = newUser().from(address)
				.submit("/register", "/register", Map.of("username", taken, "email",
						uniqueName("probe") + "@example.com", "displayName", "Probe", "password", PASSWORD));
			assertThat(probe.body()).as("probe %d", i).contains("This username is taken.");
		}

		Response refused = newUser().from(address)
			.submit("/register", "/register", Map.of("username", taken, "email", uniqueName("probe") + "@example.com",
					"displayName", "Probe", "password", PASSWORD));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.body()).contains("Too many accounts were tried from your network.")
			.doesNotContain("This username is taken.")
			.doesNotContain("Please correct the highlighted fields.");
		String fresh = uniqueName("fresh");
		assertThat(newUser().from(address).register(fresh, PASSWORD).status()).as("not even a new name").isEqualTo(429);
		assertThat(newUser().register(fresh, PASSWORD).location()).as("another address").isEqualTo("/profile");
	}

	private int longestKeyLength(String pattern) {
		int longest = 0;
		try (RedisConnection connection = this.redis.getConnection();
				Cursor<byte[]> keys = connection.keyCommands().scan(ScanOptions.scanOptions().match(pattern).build())) {
			while (keys.hasNext()) {
				longest = Math.max(longest, keys.next().length);
			}
		}
		return longest;
	}

	private static String fullWidth(String ascii) {
		StringBuilder wide = new StringBuilder();
		ascii.chars().forEach((c) -> wide.append((c > ' ' && c < 127) ? (char) (c - 0x21 + 0xFF01) : (char) c));
		return wide.toString();
	}

	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder();
		value.codePoints()
			.forEach((c) -> escaped.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", c) : (char) c));
		return escaped.toString();
	}

}
