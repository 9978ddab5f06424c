package dev.sessioncluster.web.session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.test.RedisInterleaving;
import dev.sessioncluster.test.RedisServerExtension;
import dev.sessioncluster.test.SecondReplica;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests of one account that race each other on two replicas sharing Redis and the
 * database. Each race is forced where it can be ({@link RedisInterleaving} puts the other
 * replica's command exactly between two of this one's) and repeated; the others run many
 * times with real concurrency. Every run must end with no session brought back, no
 * session that outlived what ended it, and no 500.
 */
@TestPropertySource(properties = "spring.data.redis.timeout=10s")
class ConcurrentRequestRacesTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Pattern WELCOME = Pattern.compile("Welcome back, ([^<]*)\\.<");

	private static final Pattern PROFILE_NAME = Pattern.compile("class=\"profile-name\">([^<]*)<");

	private static SecondReplica second;

	private RedisInterleaving redisOrder;

	@BeforeAll
	static void startSecondReplica() {
		// A write held by CLIENT PAUSE must not time out on the client meanwhile.
		second = SecondReplica.start("spring.data.redis.timeout=10s");
	}

	@AfterAll
	static void stopSecondReplica() {
		if (second != null) {
			second.close();
		}
	}

	@BeforeEach
	void connect() {
		this.redisOrder = RedisInterleaving.on(RedisServerExtension.server());
	}

	@AfterEach
	void disconnect() {
		this.redisOrder.close();
	}

	/**
	 * A sign-out on the other replica deletes the session after this request loaded it
	 * and before it saves it: the profile change is committed, so the answer is the usual
	 * redirect, and the session stays deleted.
	 */
	@Test
	void aSessionDeletedBetweenLoadAndSaveStaysDeletedAndTheRequestDoesNotFail() {
		SignedIn template = signIn();
		List<String> failures = new ArrayList<>();
		for (int run = 0; run < 10; run++) {
			String id = template.copy();
			String key = SESSION_KEY_PREFIX + id;
			RedisInterleaving.Trigger signOut = this.redisOrder.onCommand(command("hgetall", key), "DEL", key);
			int port = (run % 2 == 0) ? this.port : second.port();

			Response saved = template.updateProfile(id, port, "Name " + run);

			assertThat(signOut.sent()).as("the delete ran after the load").isTrue();
			check(failures, run, saved, id);
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * The delete lands right after the save's first command on the session, between the
	 * check that the session exists and the write (two commands in Spring Session's
	 * save).
	 */
	@Test
	void aSessionDeletedBetweenItsExistenceCheckAndTheWriteIsNotBroughtBack() {
		SignedIn template = signIn();
		List<String> failures = new ArrayList<>();
		for (int run = 0; run < 20; run++) {
			String id = template.copy();
			String key = SESSION_KEY_PREFIX + id;
			RedisInterleaving.Trigger signOut = this.redisOrder.onCommand(command("exists", key), "DEL", key);
			int port = (run % 2 == 0) ? this.port : second.port();

			Response saved = template.updateProfile(id, port, "Name " + run);

			assertThat(signOut.sent()).isTrue();
			check(failures, run, saved, id);
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * The race as users make it: a profile save on one replica and a sign-out of the same
	 * session on the other, started together, many times.
	 */
	@Test
	void aProfileSaveRacingASignOutOnTheOtherReplicaNeverFailsNorResurrects() throws Exception {
		SignedIn template = signIn();
		List<String> failures = new ArrayList<>();
		for (int run = 0; run < 30; run++) {
			String id = template.copy();
			CountDownLatch start = new CountDownLatch(1);
			int name = run;
			CompletableFuture<Response> save = startAfter(start,
					() -> template.updateProfile(id, this.port, "Name " + name));
			CompletableFuture<Response> signOut = startAfter(start, () -> template.signOut(id, second.port()));
			start.countDown();

			if (signOut.get().status() != 302) {
				failures.add("run " + run + ": the sign-out answered " + signOut.get().status());
			}
			check(failures, run, save.get(), id);
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * A session whose hash lost a field (how a resurrected session looked), or holds a
	 * value that does not decode, is removed and the visitor is simply signed out, on
	 * every page and replica.
	 */
	@Test
	void aBrokenSessionInRedisGetsACleanSignInPageNotAnErrorPage() {
		SignedIn template = signIn();
		List<String[]> damages = List.of(new String[] { "HDEL", "creationTime" },
				new String[] { "HSET", "sessionAttr:SPRING_SECURITY_CONTEXT", "{\"@class\":\"not.a.Class\"" });
		for (String[] damage : damages) {
			for (String path : List.of("/profile", "/login", "/", "/actuator/health")) {
				for (int port : new int[] { this.port, second.port() }) {
					String id = template.copy();
					List<String> command = new ArrayList<>(List.of(damage));
					command.add(1, SESSION_KEY_PREFIX + id);
					this.redisOrder.command(command.toArray(String[]::new));

					Response page = withSession(port, id).get(path);

					String what = damage[0] + " " + damage[1] + ", " + path + " on " + port;
					assertThat(page.status()).as(what).isNotEqualTo(500);
					if (path.equals("/profile")) {
						assertThat(page.location()).as(what).startsWith("/login");
					}
					assertThat(sessionExists(id)).as("the broken session is removed: " + what).isFalse();
				}
			}
		}
	}

	/**
	 * A sign-in whose password was checked before the change, but which records its
	 * session only after the change read the list of sessions to end.
	 */
	@Test
	void aSignInThatRacedAPasswordChangeIsEndedByIt() throws Exception {
		for (int run = 0; run < 3; run++) {
			String username = uniqueName("racer");
			HttpUser owner = newUser();
			owner.register(username, PASSWORD);
			Response form = owner.get("/account/password");
			String token = form.csrfToken();
			String submission = form.submissionToken("/account/password").orElseThrow();
			String newPassword = "the new password " + run;

			raceASignInAgainst(username, PASSWORD, () -> owner.postForm("/account/password", Map.of("currentPassword",
					PASSWORD, "newPassword", newPassword, "_csrf", token, "_submission", submission)), "/profile");

			assertThat(owner.get("/profile").status()).as("the session that changed it").isEqualTo(200);
		}
	}

	/**
	 * The same with "End all other sessions".
	 */
	@Test
	void aSignInThatRacedEndAllOtherSessionsIsEndedByIt() throws Exception {
		for (int run = 0; run < 3; run++) {
			String username = uniqueName("ender");
			HttpUser owner = newUser();
			owner.register(username, PASSWORD);
			String token = owner.get("/account/sessions").csrfToken();
			// With one session the page shows no "End all other sessions" form; a token
			// is
			// bound to the session, not to a form, until it is spent.
			String submission = owner.get("/profile").submissionToken("/profile").orElseThrow();

			raceASignInAgainst(username, PASSWORD, () -> owner.postForm("/account/sessions/revoke-others",
					Map.of("_csrf", token, "_submission", submission)), "/account/sessions");

			assertThat(owner.get("/account/sessions").status()).isEqualTo(200);
		}
	}

	/**
	 * The name a page shows for the signed-in user is the database's, also right after
	 * another session of the same user changed it on the other replica.
	 */
	@Test
	void theSignedInUsersNameFollowsAChangeMadeInAnotherSession() {
		String username = uniqueName("renamed");
		HttpUser here = newUser();
		here.register(username, PASSWORD);
		assertThat(welcomeName(here)).isEqualTo("User " + username);
		HttpUser there = HttpUser.at(second.port());
		there.signIn(username, PASSWORD);

		Response form = there.get("/profile");
		assertThat(there
			.postForm("/profile",
					Map.of("displayName", "Renamed Elsewhere", "email", uniqueName("mail") + "@example.com", "_csrf",
							form.csrfToken(), "_submission", form.submissionToken("/profile").orElseThrow()))
			.location()).isEqualTo("/profile");

		assertThat(welcomeName(here)).isEqualTo("Renamed Elsewhere");
	}

	/**
	 * Two profile saves of one session on two replicas at once, many times: afterwards
	 * the name shown for the user is the one in the database.
	 */
	@Test
	void concurrentProfileSavesOnTwoReplicasLeaveNoContradiction() throws Exception {
		HttpUser user = newUser();
		user.register(uniqueName("twice"), PASSWORD);
		List<String> failures = new ArrayList<>();
		for (int run = 0; run < 20; run++) {
			Response form = user.get("/profile");
			String token = form.csrfToken();
			// Two saves, two forms: each its own one-time token.
			String submissionA = form.submissionToken("/profile").orElseThrow();
			String submissionB = user.get("/profile").submissionToken("/profile").orElseThrow();
			CountDownLatch start = new CountDownLatch(1);
			int name = run;
			CompletableFuture<Response> onA = startAfter(start,
					() -> user.postForm("/profile", Map.of("displayName", "A " + name, "email",
							uniqueName("a") + "@example.com", "_csrf", token, "_submission", submissionA)));
			HttpUser sameSessionOnB = HttpUser.at(second.port());
			String cookie = user.sessionCookie().orElseThrow();
			CompletableFuture<Response> onB = startAfter(start,
					() -> sameSessionOnB.send("POST", "/profile", Map.of("Cookie", "SESSION=" + cookie),
							"displayName=B+" + name + "&email=" + uniqueName("b") + "%40example.com&_csrf=" + token
									+ "&_submission=" + submissionB));
			start.countDown();
			assertThat(onA.get().status()).isNotEqualTo(500);
			assertThat(onB.get().status()).isNotEqualTo(500);

			String shown = welcomeName(user);
			Matcher stored = PROFILE_NAME.matcher(user.get("/profile").body());
			assertThat(stored.find()).isTrue();
			if (!shown.equals(stored.group(1))) {
				failures.add("run " + run + ": welcome says " + shown + ", the profile says " + stored.group(1));
			}
		}
		assertThat(failures).isEmpty();
	}

	/**
	 * Forces the interleaving: the sign-in checks the password, then is held at its first
	 * write after its attempt count (recording the session); the racing request then runs
	 * up to its own first write (after it read the list of sessions); then both go on.
	 */
	private void raceASignInAgainst(String username, String password, Supplier<Response> change, String changedTo)
			throws Exception {
		HttpUser signer = HttpUser.at(second.port());
		String loginToken = signer.get("/login").csrfToken();
		// A sign-in's first write counts the attempt, before the password is checked:
		// hold writes from the one after it, which records the session.
		this.redisOrder.onCommand(
				(line) -> line.toLowerCase(Locale.ROOT).contains("\"evalsha\"") && line.contains("sign-in:user:"),
				"CLIENT", "PAUSE", "10000", "WRITE");
		CompletableFuture<Response> signIn;
		CompletableFuture<Response> changed;
		try {
			signIn = CompletableFuture.supplyAsync(() -> signer.postForm("/login",
					Map.of("username", username, "password", password, "_csrf", loginToken)));
			this.redisOrder.awaitHeldWrites(1);
			changed = CompletableFuture.supplyAsync(change);
			this.redisOrder.awaitHeldWrites(2);
		}
		finally {
			this.redisOrder.unpause();
		}
		assertThat(signIn.get().location()).isEqualTo("/profile");
		assertThat(changed.get().location()).isEqualTo(changedTo);

		Response after = signer.get("/profile");
		assertThat(after.location()).as("the session signed in with the old credentials").startsWith("/login");
	}

	private void check(List<String> failures, int run, Response saved, String id) {
		if (saved.status() >= 500) {
			failures.add("run " + run + ": the profile save answered " + saved.status());
		}
		if (sessionExists(id)) {
			failures.add("run " + run + ": the deleted session is back: " + sessionHashFields(id));
		}
		for (int port : new int[] { this.port, second.port() }) {
			Response next = withSession(port, id).get("/profile");
			if (next.status() != 302 || !next.location().startsWith("/login")) {
				failures.add("run " + run + ": the next page on " + port + " answered " + next.status());
			}
		}
	}

	/** A line of MONITOR output for {@code name} (in any case) on {@code key}. */
	private static Predicate<String> command(String name, String key) {
		String quotedName = "\"" + name + "\" ";
		return (line) -> line.contains("\"" + key + "\"") && line.toLowerCase(Locale.ROOT).contains(quotedName);
	}

	private List<String> sessionHashFields(String id) {
		List<String> fields = new ArrayList<>();
		sessionHash(id).keySet().forEach((field) -> fields.add(new String(field, StandardCharsets.UTF_8)));
		return fields;
	}

	private String welcomeName(HttpUser user) {
		Matcher matcher = WELCOME.matcher(user.get("/").body());
		assertThat(matcher.find()).as("a signed-in home page").isTrue();
		return matcher.group(1);
	}

	private SignedIn signIn() {
		HttpUser user = newUser();
		user.register(uniqueName("template"), PASSWORD);
		String token = user.get("/profile").csrfToken();
		return new SignedIn(user, sessionId(user.sessionCookie().orElseThrow()), token);
	}

	private static SessionClient withSession(int port, String sessionId) {
		return new SessionClient(HttpUser.at(port), "SESSION=" + cookieValue(sessionId));
	}

	private static String cookieValue(String sessionId) {
		return Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
	}

	private static CompletableFuture<Response> startAfter(CountDownLatch start, Supplier<Response> request) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				start.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return request.get();
		});
	}

	/**
	 * Requests that carry a given session cookie, and never take another.
	 */
	private record SessionClient(HttpUser user, String cookie) {

		Response get(String path) {
			return this.user.send("GET", path, Map.of("Cookie", this.cookie), null);
		}

		Response postForm(String path, Map<String, String> fields) {
			StringBuilder body = new StringBuilder();
			fields.forEach((name, value) -> body.append((body.length() > 0) ? "&" : "")
				.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
			return this.user.send("POST", path, Map.of("Cookie", this.cookie), body.toString());
		}

	}

	/**
	 * A signed-in session to copy: every copy is the same user, signed in, with the same
	 * CSRF token, under a new session id.
	 */
	private final class SignedIn {

		private final HttpUser user;

		private final String sessionId;

		private final String csrfToken;

		/** A one-time token for each copy's profile save, issued to the template. */
		private final Map<String, String> submissionTokens = new java.util.concurrent.ConcurrentHashMap<>();

		SignedIn(HttpUser user, String sessionId, String csrfToken) {
			this.user = user;
			this.sessionId = sessionId;
			this.csrfToken = csrfToken;
		}

		String copy() {
			String submission = this.user.get("/profile").submissionToken("/profile").orElseThrow();
			byte[] random = new byte[24];
			RANDOM.nextBytes(random);
			String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			String dump = (String) ConcurrentRequestRacesTests.this.redisOrder.command("DUMP",
					SESSION_KEY_PREFIX + this.sessionId);
			ConcurrentRequestRacesTests.this.redisOrder.command(bytes("RESTORE"), bytes(SESSION_KEY_PREFIX + id),
					bytes("1800000"), dump.getBytes(StandardCharsets.ISO_8859_1));
			this.submissionTokens.put(id, submission);
			return id;
		}

		Response updateProfile(String id, int port, String displayName) {
			return withSession(port, id).postForm("/profile",
					Map.of("displayName", displayName, "email", uniqueName("mail") + "@example.com", "_csrf",
							this.csrfToken, "_submission", this.submissionTokens.get(id)));
		}

		Response signOut(String id, int port) {
			return withSession(port, id).postForm("/logout", Map.of("_csrf", this.csrfToken));
		}

	}

}
