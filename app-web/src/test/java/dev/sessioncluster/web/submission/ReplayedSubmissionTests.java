package dev.sessioncluster.web.submission;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.AccountRepository;
import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form post sent again, as nginx resends a POST whose replica died (the same bytes,
 * with the same cookie), answers what the first one answered and changes nothing more;
 * also when the replica died after the database commit but before the session was written
 * back (simulated by putting back the session as it was before the request), and when the
 * copies arrive at once.
 *
 * <p>
 * On the code before one-time tokens (main at 0d2692e, with this class and the test
 * client's token helper copied in) 11 of these 12 tests failed: a replayed password
 * change answered "This is not your current password", and after a lost session write
 * signed the user out; four copies at once answered 302, 500, 500, 500 (password) and
 * 302, 200, 200, 200 (profile: "changed elsewhere"); a replayed profile update undid a
 * later one; a replayed registration answered "username taken"; a replayed "end all other
 * sessions" signed its own session out; a replayed revocation said "had already ended"; a
 * replayed sign-out and sign-in answered 403; and its pages had no token to check. The
 * one that passed pins a documented answer that did not change (a registration replayed
 * after its signed-in session was saved).
 */
class ReplayedSubmissionTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final String NEW_PASSWORD = "another long password";

	private static final Pattern REVOKE = Pattern.compile("action=\"(/account/sessions/[A-Za-z0-9_-]+/revoke)");

	@Autowired
	AccountRepository accounts;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aReplayedPasswordChangeAnswersTheSameAndChangesThePasswordOnce() {
		String username = uniqueName("pw");
		HttpUser user = registered(username);
		long before = account(username).getCredentialVersion();
		Post change = Post.of(user, "/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

		Response first = change.send();
		Response replay = change.send();

		assertThat(first.location()).isEqualTo("/profile");
		assertThat(replay.status()).as(replay.body()).isEqualTo(302);
		assertThat(replay.location()).isEqualTo("/profile");
		assertThat(user.get("/profile").body()).contains("Your password has been changed.");
		assertThat(account(username).getCredentialVersion()).isEqualTo(before + 1);
		assertThat(newUser().signIn(username, NEW_PASSWORD).location()).isEqualTo("/profile");
	}

	@Test
	void aPasswordChangeReplayedAfterTheSessionWriteWasLostKeepsTheUserSignedIn() {
		String username = uniqueName("pwcrash");
		HttpUser user = registered(username);
		long before = account(username).getCredentialVersion();
		Post change = Post.of(user, "/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

		StoredSession asBefore = StoredSession.of(this, change.cookie);
		assertThat(change.send().location()).isEqualTo("/profile");
		asBefore.putBack();
		Response replay = change.send();

		assertThat(replay.location()).as(replay.body()).isEqualTo("/profile");
		Response page = user.get("/profile");
		assertThat(page.status()).as("still signed in").isEqualTo(200);
		assertThat(page.body()).contains("@" + username);
		assertThat(account(username).getCredentialVersion()).isEqualTo(before + 1);
	}

	@Test
	void concurrentCopiesOfAPasswordChangeChangeItOnce() throws Exception {
		String username = uniqueName("pwrace");
		HttpUser user = registered(username);
		long before = account(username).getCredentialVersion();
		Post change = Post.of(user, "/account/password", "/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

		List<Response> answers = change.sendAtOnce(4);

		assertThat(answers).extracting(Response::location).as(() -> statuses(answers)).containsOnly("/profile");
		assertThat(account(username).getCredentialVersion()).isEqualTo(before + 1);
		assertThat(user.get("/profile").status()).isEqualTo(200);
	}

	@Test
	void aReplayedProfileUpdateDoesNotUndoALaterOne() {
		String username = uniqueName("bio");
		HttpUser user = registered(username);
		Post first = Post.of(user, "/profile", "/profile", profile(username, "first"));
		assertThat(first.send().location()).isEqualTo("/profile");
		Post later = Post.of(user, "/profile", "/profile", profile(username, "later"));
		assertThat(later.send().location()).isEqualTo("/profile");
		long version = account(username).getVersion();

		Response replay = first.send();

		assertThat(replay.location()).isEqualTo("/profile");
		assertThat(user.get("/profile").body()).contains("Your profile has been saved.");
		assertThat(account(username).getBio()).isEqualTo("later");
		assertThat(account(username).getVersion()).as("updates applied").isEqualTo(version);
		assertThat(recorded(first.token, later.token)).isEqualTo(2);
	}

	@Test
	void concurrentCopiesOfAProfileUpdateApplyItOnce() throws Exception {
		String username = uniqueName("biorace");
		HttpUser user = registered(username);
		long version = account(username).getVersion();
		Post update = Post.of(user, "/profile", "/profile", profile(username, "once"));

		List<Response> answers = update.sendAtOnce(4);

		assertThat(answers).extracting(Response::location).as(() -> statuses(answers)).containsOnly("/profile");
		assertThat(account(username).getBio()).isEqualTo("once");
		assertThat(account(username).getVersion()).as("updates applied").isEqualTo(version + 1);
		assertThat(recorded(update.token)).isEqualTo(1);
	}

	@Test
	void aRegistrationReplayedAfterTheSessionWriteWasLostSignsTheSameAccountIn() {
		String username = uniqueName("reg");
		HttpUser visitor = newUser();
		Post registration = Post.of(visitor, "/register", "/register", Map.of("username", username, "email",
				username + "@example.com", "displayName", "User " + username, "password", PASSWORD));

		StoredSession asBefore = StoredSession.of(this, registration.cookie);
		assertThat(registration.send().location()).isEqualTo("/profile");
		asBefore.putBack();
		Response replay = registration.send();

		assertThat(replay.location()).as(replay.body()).isEqualTo("/profile");
		assertThat(registration.client.get("/profile").body()).contains("@" + username);
		assertThat(this.jdbc.queryForObject("select count(*) from account where username = ?", Integer.class, username))
			.isEqualTo(1);
	}

	@Test
	void aRegistrationReplayedAfterTheSignedInSessionWasSavedAnswersTheFormExpiredPage() {
		String username = uniqueName("reglate");
		HttpUser visitor = newUser();
		Post registration = Post.of(visitor, "/register", "/register", Map.of("username", username, "email",
				username + "@example.com", "displayName", "User " + username, "password", PASSWORD));
		assertThat(registration.send().location()).isEqualTo("/profile");

		// The anonymous session now lives under the new id only: the copy names an id
		// that no longer exists, so its CSRF token is nowhere. Documented: the account
		// exists and signs in.
		Response replay = registration.send();

		assertThat(replay.status()).isEqualTo(403);
		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/profile");
	}

	@Test
	void aReplayedEndAllOtherSessionsMovesTheCredentialVersionOnceAndKeepsThisSession() {
		String username = uniqueName("ender");
		HttpUser user = registered(username);
		HttpUser other = newUser();
		assertThat(other.signIn(username, PASSWORD).location()).isEqualTo("/profile");
		long before = account(username).getCredentialVersion();
		Post endOthers = Post.of(user, "/account/sessions", "/account/sessions/revoke-others", Map.of());

		StoredSession asBefore = StoredSession.of(this, endOthers.cookie);
		assertThat(endOthers.send().location()).isEqualTo("/account/sessions");
		asBefore.putBack();
		Response replay = endOthers.send();

		assertThat(replay.location()).as(replay.body()).isEqualTo("/account/sessions");
		Response page = user.get("/account/sessions");
		assertThat(page.status()).as("still signed in").isEqualTo(200);
		assertThat(page.body()).contains("All your other sessions have been ended.");
		assertThat(account(username).getCredentialVersion()).isEqualTo(before + 1);
		assertThat(other.get("/profile").location()).startsWith("/login");
	}

	@Test
	void aReplayedRevocationAnswersAsTheFirstTime() {
		String username = uniqueName("revoker");
		HttpUser user = registered(username);
		assertThat(newUser().signIn(username, PASSWORD).location()).isEqualTo("/profile");
		Matcher revoke = REVOKE.matcher(user.get("/account/sessions").body());
		assertThat(revoke.find()).isTrue();
		Post revocation = Post.of(user, "/account/sessions", revoke.group(1), Map.of());

		assertThat(revocation.send().location()).isEqualTo("/account/sessions");
		assertThat(user.get("/account/sessions").body()).contains("The session has been ended.");
		assertThat(revocation.send().location()).isEqualTo("/account/sessions");

		assertThat(user.get("/account/sessions").body()).contains("The session has been ended.")
			.doesNotContain("had already ended");
	}

	@Test
	void aReplayedSignOutAnswersAsTheFirstTime() {
		HttpUser user = registered(uniqueName("out"));
		Post signOut = Post.of(user, "/profile", "/logout", Map.of());

		assertThat(signOut.send().location()).isEqualTo("/login?logout");
		Response replay = signOut.send();

		assertThat(replay.status()).isEqualTo(302);
		assertThat(replay.location()).isEqualTo("/login?logout");
	}

	@Test
	void aSignInReplayedAfterItsSessionWasRenamedIsSentBackToTheSignInForm() {
		String username = uniqueName("in");
		registered(username);
		HttpUser visitor = newUser();
		Post signIn = Post.of(visitor, "/login", "/login", Map.of("username", username, "password", PASSWORD));
		assertThat(signIn.send().location()).isEqualTo("/profile");

		Response replay = signIn.send();

		assertThat(replay.status()).isEqualTo(302);
		assertThat(replay.location()).isEqualTo("/login?expired");
		assertThat(newUser().get("/login?expired").body()).contains("The sign-in form had expired.");
	}

	@Test
	void aPostWithoutAValidTokenShowsTheFormAgainAndChangesNothing() {
		String username = uniqueName("notoken");
		HttpUser user = registered(username);
		HttpUser stranger = registered(uniqueName("stranger"));
		String foreign = stranger.get("/profile").submissionToken("/profile").orElseThrow();
		Response page = user.get("/account/password");
		String spentOnProfile = Post.of(user, "/profile", "/profile", profile(username, "spent")).sendReturningToken();
		long before = account(username).getCredentialVersion();

		for (String token : new String[] { null, "", "garbage", foreign, spentOnProfile }) {
			Map<String, String> fields = new LinkedHashMap<>(
					Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD, "_csrf", page.csrfToken()));
			if (token != null) {
				fields.put("_submission", token);
			}
			Response refused = user.postForm("/account/password", fields);
			assertThat(refused.status()).as(String.valueOf(token)).isEqualTo(200);
			assertThat(refused.body()).contains("Nothing was changed").contains("name=\"_submission\"");
		}
		assertThat(account(username).getCredentialVersion()).isEqualTo(before);
	}

	private HttpUser registered(String username) {
		HttpUser user = newUser();
		assertThat(user.register(username, PASSWORD).location()).isEqualTo("/profile");
		return user;
	}

	private Account account(String username) {
		return this.accounts.findByUsername(username).orElseThrow();
	}

	private int recorded(String... tokens) {
		int count = 0;
		for (String token : tokens) {
			count += this.jdbc.queryForObject("select count(*) from submission where token = ?", Integer.class, token);
		}
		return count;
	}

	private static Map<String, String> profile(String username, String bio) {
		return Map.of("displayName", "User " + username, "email", username + "@example.com", "bio", bio);
	}

	private static String statuses(List<Response> answers) {
		return answers.stream().map((r) -> r.status() + " " + r.location()).collect(Collectors.joining(", "));
	}

	/**
	 * One form post, as bytes: the form page's CSRF and one-time tokens, the fields, and
	 * the session cookie it was sent with. Sending it again is what nginx does when it
	 * passes the POST to the next replica: the same bytes, the same cookie, from a client
	 * that learned nothing from the first answer.
	 */
	private static final class Post {

		private final String baseUrl;

		private final String action;

		private final String body;

		private final String cookie;

		private final String token;

		/** The client of the last copy sent, with the cookies its answer set. */
		private HttpUser client;

		private Post(String baseUrl, String action, String body, String cookie, String token) {
			this.baseUrl = baseUrl;
			this.action = action;
			this.body = body;
			this.cookie = cookie;
			this.token = token;
		}

		static Post of(HttpUser user, String formPage, String action, Map<String, String> fields) {
			Response page = user.get(formPage);
			Map<String, String> all = new LinkedHashMap<>(fields);
			all.put("_csrf", page.csrfToken());
			String token = page.submissionToken(action).orElse(null);
			if (token != null) {
				all.put("_submission", token);
			}
			String body = all.entrySet()
				.stream()
				.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
				.collect(Collectors.joining("&"));
			return new Post(user.baseUrl(), action, body, user.sessionCookie().orElseThrow(), token);
		}

		/**
		 * Sends a copy from a client of its own, which carries the original cookie and
		 * nothing any earlier copy's answer set.
		 */
		Response send() {
			HttpUser copy = new HttpUser(this.baseUrl, true);
			this.client = copy;
			return copy.send("POST", this.action, Map.of("Cookie", "SESSION=" + this.cookie), this.body);
		}

		String sendReturningToken() {
			assertThat(send().status()).isEqualTo(302);
			return this.token;
		}

		List<Response> sendAtOnce(int copies) throws Exception {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Response>> answers = new ArrayList<>();
			for (int i = 0; i < copies; i++) {
				answers.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
					return send();
				}));
			}
			start.countDown();
			List<Response> responses = new ArrayList<>();
			for (CompletableFuture<Response> answer : answers) {
				responses.add(answer.get());
			}
			return responses;
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	/**
	 * A session's hash as Redis holds it now, to put back later: what Redis holds when a
	 * replica died after the database commit and before it wrote the session back.
	 */
	private static final class StoredSession {

		private final ReplayedSubmissionTests test;

		private final byte[] key;

		private final byte[] dump;

		private final long ttl;

		private StoredSession(ReplayedSubmissionTests test, byte[] key, byte[] dump, long ttl) {
			this.test = test;
			this.key = key;
			this.dump = dump;
			this.ttl = ttl;
		}

		static StoredSession of(ReplayedSubmissionTests test, String cookie) {
			byte[] key = bytes(SESSION_KEY_PREFIX + sessionId(cookie));
			try (RedisConnection connection = test.redis.getConnection()) {
				byte[] dump = connection.keyCommands().dump(key);
				assertThat(dump).as("the session is in Redis").isNotNull();
				return new StoredSession(test, key, dump, connection.keyCommands().pTtl(key));
			}
		}

		void putBack() {
			try (RedisConnection connection = this.test.redis.getConnection()) {
				connection.keyCommands().restore(this.key, this.ttl, this.dump, true);
			}
		}

	}

}
