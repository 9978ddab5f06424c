/*
 * The scripted visitors of deploy/compare/compare.sh: one source file, the JDK's HttpClient
 * only, run as `java Journey.java COMMAND [options]` (Java 17 or later). Progress goes to
 * standard error; results go to standard output as "name value" lines, one a line.
 *
 *   register  open the accounts PREFIX1..PREFIXn directly on the replicas, each from its own
 *             client address (an account that exists already is counted apart, not as a failure)
 *   sessions  COUNT sign-ins directly on the replicas, in turn, as those accounts: COUNT
 *             signed-in sessions, spread evenly over the replicas
 *   run       the timed journey through nginx: every user signs in, then loops over
 *             GET PAGE, GET /profile, POST /profile (a new display name each time, with the
 *             form's CSRF and one-time submission tokens) for SECONDS; the --event commands
 *             run at their second of the loop (a replica SIGKILLed, the Redis primary killed)
 *
 * What run counts, per method: requests sent; 5xx answers; connection errors (refused, reset,
 * or cut off midway); timeouts (no answer within --timeout); redirects to /login of a signed-in
 * user (signed out: the user signs in again and goes on; split into before and after the first
 * event); other answers (a 403, a 429, a form shown again). After a failure or an other answer a
 * user waits a second. Latency is measured on every request of the loop, sign-ins included. At
 * the end every user's profile is read (signing in again where needed): an update is lost when
 * the profile shows neither the last display name whose POST got its redirect to /profile nor a
 * later one whose answer never came.
 *
 * Options: --base URL (nginx, for run), --replicas PORT,PORT,... (register, sessions),
 * --users N, --prefix NAME, --password SECRET, --count N (sessions), --threads N (register,
 * sessions), --seconds N, --page PATH, --timeout SECONDS (per request), --event SECONDS:COMMAND
 * (run; repeatable; COMMAND runs under bash, its output goes to standard error).
 *
 * Direct requests to a replica carry X-Forwarded-For: the replicas believe it from 127.0.0.1
 * (server.tomcat.remoteip.internal-proxies), so each account or sign-in gets a client address
 * of its own in 10.250.0.0/16 or 10.251.0.0/16 and the per-address limits (registrations,
 * sign-in attempts, new sessions a minute) count them apart, as they would count people on the
 * internet. Through nginx there is no such choice: nginx sets X-Forwarded-For to the connection's
 * address, 127.0.0.1, for every user of the run.
 */

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

public final class Journey {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern FORM = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"[^>]*>(.*?)</form>",
			Pattern.DOTALL);

	private static final Pattern SUBMISSION = Pattern.compile("name=\"_submission\"\\s+value=\"([^\"]+)\"");

	/** Every request sent, the sign-ins before and the checks after the timed loop included. */
	private static final AtomicLong SENT = new AtomicLong();

	private static final Pattern DISPLAY_NAME = Pattern.compile("<h1 class=\"profile-name\">([^<]*)</h1>");

	private final Map<String, List<String>> options;

	private Journey(Map<String, List<String>> options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println("usage: java Journey.java register|sessions|run [--option value ...]");
			System.exit(2);
		}
		Map<String, List<String>> options = new HashMap<>();
		for (int i = 1; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --name value at " + args[i]);
			}
			options.computeIfAbsent(args[i].substring(2), (k) -> new ArrayList<>()).add(args[i + 1]);
		}
		Journey journey = new Journey(options);
		switch (args[0]) {
			case "register" -> journey.register();
			case "sessions" -> journey.sessions();
			case "run" -> journey.run();
			default -> throw new IllegalArgumentException("unknown command " + args[0]);
		}
		// HttpClient's selector threads are daemons, the pools are shut down: nothing keeps
		// the JVM, but an event command still running must not either.
		System.exit(0);
	}

	// --- Options ---------------------------------------------------------------------------------

	private String option(String name, String fallback) {
		List<String> values = this.options.get(name);
		return (values == null) ? fallback : values.get(values.size() - 1);
	}

	private int number(String name, int fallback) {
		return Integer.parseInt(option(name, Integer.toString(fallback)));
	}

	private List<Integer> replicaPorts() {
		return Arrays.stream(option("replicas", "9081,9082,9083").split(","))
			.map(String::trim)
			.map(Integer::parseInt)
			.collect(Collectors.toList());
	}

	private String username(int n) {
		return option("prefix", "compare") + n;
	}

	private String password() {
		return option("password", "compare-password-1");
	}

	private Duration timeout() {
		return Duration.ofSeconds(number("timeout", 10));
	}

	// --- register ------------------------------------------------------------------------------

	private void register() throws InterruptedException {
		int users = number("users", 30);
		List<Integer> ports = replicaPorts();
		AtomicInteger opened = new AtomicInteger();
		AtomicInteger existing = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(number("threads", 3));
		for (int n = 1; n <= users; n++) {
			int user = n;
			pool.execute(() -> {
				String name = username(user);
				Visitor visitor = new Visitor("http://127.0.0.1:" + ports.get(user % ports.size()), address(250, user),
						timeout());
				try {
					Answer form = visitor.get("/register");
					Answer answer = visitor.post("/register",
							fields("username", name, "email", name + "@example.com", "displayName", "User " + name,
									"password", password(), "_csrf", form.csrf(), "_submission",
									form.submission("/register")));
					if (answer.redirectsTo("/profile")) {
						opened.incrementAndGet();
					}
					else if (answer.status() == 200 && answer.body().contains("username")
							&& answer.body().contains("field-error")) {
						existing.incrementAndGet();
					}
					else {
						failed.incrementAndGet();
						System.err.println("register " + name + ": " + answer.status() + " " + answer.location());
					}
				}
				catch (IOException | RuntimeException ex) {
					failed.incrementAndGet();
					System.err.println("register " + name + ": " + ex);
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.MINUTES);
		result("registered", opened.get());
		result("existing", existing.get());
		result("register_failed", failed.get());
	}

	// --- sessions ------------------------------------------------------------------------------

	/**
	 * COUNT sign-ins, each on a new visitor (a new session), directly on the replicas in turn.
	 * Addresses: a pool of 25, so that no address opens more than the application's new
	 * sessions per address and minute, while the counters the limits keep in Redis stay few.
	 */
	private void sessions() throws InterruptedException {
		int count = number("count", 1000);
		int users = number("users", 30);
		List<Integer> ports = replicaPorts();
		Map<Integer, AtomicInteger> signedIn = new ConcurrentHashMap<>();
		AtomicInteger failed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(number("threads", 6));
		long started = System.nanoTime();
		for (int i = 0; i < count; i++) {
			int index = i;
			pool.execute(() -> {
				int port = ports.get(index % ports.size());
				Visitor visitor = new Visitor("http://127.0.0.1:" + port, address(251, 1 + index % 25), timeout());
				try {
					SignInResult outcome = visitor.signIn(username(1 + index % users), password());
					if (outcome == SignInResult.SIGNED_IN) {
						signedIn.computeIfAbsent(port, (p) -> new AtomicInteger()).incrementAndGet();
					}
					else {
						failed.incrementAndGet();
						System.err.println("sign-in " + index + " on " + port + ": " + outcome);
					}
				}
				catch (IOException | RuntimeException ex) {
					failed.incrementAndGet();
					System.err.println("sign-in " + index + " on " + port + ": " + ex);
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(30, TimeUnit.MINUTES);
		int total = signedIn.values().stream().mapToInt(AtomicInteger::get).sum();
		result("sessions", total);
		for (int port : ports) {
			result("sessions_" + port, signedIn.getOrDefault(port, new AtomicInteger()).get());
		}
		result("sessions_failed", failed.get());
		result("sessions_seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
	}

	// --- run -----------------------------------------------------------------------------------

	private void run() throws Exception {
		String base = option("base", "http://127.0.0.1:9080");
		int users = number("users", 30);
		int seconds = number("seconds", 40);
		String page = option("page", "/account/password");
		Stats stats = new Stats();
		// Sign-in attempts from one address count against a limit before the password is
		// checked (5, each success takes itself back): through nginx every user has
		// 127.0.0.1, so at most 4 sign-ins are in flight at once.
		Semaphore signIns = new Semaphore(4);
		List<User> all = new ArrayList<>();
		for (int n = 1; n <= users; n++) {
			all.add(new User(username(n), password(), new Visitor(base, null, timeout()), stats, signIns, page));
		}

		// Everyone signs in first (not timed).
		ExecutorService startPool = Executors.newFixedThreadPool(4);
		for (User user : all) {
			startPool.execute(user::signInAtStart);
		}
		startPool.shutdown();
		startPool.awaitTermination(5, TimeUnit.MINUTES);
		int signedInAtStart = (int) all.stream().filter((u) -> u.signedIn).count();
		System.err.println("journey: " + signedInAtStart + " of " + users + " users signed in; " + seconds
				+ " s of traffic");

		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		stats.firstEventAt.set(Long.MAX_VALUE);
		List<Thread> threads = new ArrayList<>();
		for (User user : all) {
			Thread thread = new Thread(() -> user.loop(end), "user-" + user.name);
			thread.start();
			threads.add(thread);
		}
		List<Thread> events = new ArrayList<>();
		for (String event : this.options.getOrDefault("event", List.of())) {
			int colon = event.indexOf(':');
			double at = Double.parseDouble(event.substring(0, colon));
			String command = event.substring(colon + 1);
			Thread thread = new Thread(() -> runEvent(start, at, command, stats), "event");
			thread.setDaemon(true);
			thread.start();
			events.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		for (Thread thread : events) {
			thread.join(TimeUnit.SECONDS.toMillis(90));
		}

		// Acknowledged updates that did not stick: every user's profile is read once more
		// (signing in again first where the session is gone).
		// In parallel: under round-robin balancing without shared sessions (strategy none)
		// one user alone never gets two requests in a row onto the same replica.
		AtomicInteger checked = new AtomicInteger();
		AtomicInteger lost = new AtomicInteger();
		ExecutorService checks = Executors.newFixedThreadPool(8);
		for (User user : all) {
			checks.execute(() -> {
				Boolean kept = user.lastAcknowledgedKept();
				if (kept != null) {
					checked.incrementAndGet();
					if (!kept) {
						lost.incrementAndGet();
					}
				}
			});
		}
		checks.shutdown();
		checks.awaitTermination(5, TimeUnit.MINUTES);

		long[] latencies = stats.latencies();
		result("users", users);
		result("signed_in_at_start", signedInAtStart);
		result("seconds", String.format(Locale.ROOT, "%.1f", elapsed));
		result("requests", latencies.length);
		result("all_requests", SENT.get());
		result("throughput", String.format(Locale.ROOT, "%.1f", latencies.length / elapsed));
		result("p50_ms", String.format(Locale.ROOT, "%.0f", percentile(latencies, 50) / 1e6));
		result("p99_ms", String.format(Locale.ROOT, "%.0f", percentile(latencies, 99) / 1e6));
		result("max_ms", String.format(Locale.ROOT, "%.0f", percentile(latencies, 100) / 1e6));
		for (String method : List.of("GET", "POST")) {
			for (String outcome : List.of("sent", "5xx", "connection", "timeout", "other", "signed_out")) {
				result(method.toLowerCase(Locale.ROOT) + "_" + outcome, stats.count(method, outcome));
			}
		}
		result("signed_out_users_after_event",
				all.stream().filter((u) -> u.signedOutAfterEvent).count());
		result("signed_out_users_before_event",
				all.stream().filter((u) -> u.signedOutBeforeEvent).count());
		result("signed_out_answers", stats.signedOutAnswers.get());
		result("sign_ins_during_run", stats.signInsDuringRun.get());
		result("updates_acknowledged", stats.acknowledged.get());
		result("updates_checked_users", checked.get());
		result("updates_lost", lost.get());
		for (String line : stats.otherStatuses()) {
			result("other_status", line);
		}
		for (User user : all) {
			if (user.lostDetail != null) {
				result("lost_detail", user.lostDetail);
			}
		}
	}

	private static void runEvent(long start, double at, String command, Stats stats) {
		try {
			long wait = start + (long) (at * 1e9) - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			stats.firstEventAt.accumulateAndGet(System.nanoTime(), Math::min);
			System.err.printf(Locale.ROOT, "journey: at %.1f s: %s%n", (System.nanoTime() - start) / 1e9, command);
			Process process = new ProcessBuilder("bash", "-c", command + " 1>&2")
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			process.waitFor(90, TimeUnit.SECONDS);
			System.err.printf(Locale.ROOT, "journey: at %.1f s: done (exit %s)%n", (System.nanoTime() - start) / 1e9,
					process.isAlive() ? "still running" : Integer.toString(process.exitValue()));
		}
		catch (IOException ex) {
			System.err.println("journey: event failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static String address(int second, int n) {
		return "10." + second + "." + (n / 250) + "." + (1 + n % 250);
	}

	private static Map<String, String> fields(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static void result(String name, Object value) {
		System.out.println(name + " " + value);
	}

	// --- One user of the timed run --------------------------------------------------------------

	/**
	 * One signed-in user, on its own thread, with its own cookies and connections.
	 */
	private static final class User {

		final String name;

		final Visitor visitor;

		final Stats stats;

		final Semaphore signIns;

		final String page;

		final String password;

		volatile boolean signedIn;

		boolean signedOutBeforeEvent;

		boolean signedOutAfterEvent;

		/** The display name of the last update answered with its success redirect. */
		String acknowledged;

		/** Names posted since then whose answer was lost: the server may have saved them. */
		final Set<String> unanswered = new LinkedHashSet<>();

		String lostDetail;

		int sequence;

		User(String name, String password, Visitor visitor, Stats stats, Semaphore signIns, String page) {
			this.name = name;
			this.password = password;
			this.visitor = visitor;
			this.stats = stats;
			this.signIns = signIns;
			this.page = page;
		}

		void signInAtStart() {
			SignInResult outcome = null;
			for (int attempt = 0; attempt < 10 && !this.signedIn; attempt++) {
				outcome = signIn();
				if (outcome == SignInResult.SIGNED_IN) {
					return;
				}
				// nginx limits requests without a session from one address (2 a second,
				// bursts of 20): wait, as a person would.
				pause(1000);
			}
			// It tries again in the loop.
			System.err.println("journey: " + this.name + " could not sign in before the run (" + outcome + ")");
		}

		SignInResult signIn() {
			this.signIns.acquireUninterruptibly();
			try {
				SignInResult outcome = this.visitor.signIn(this.name, this.password);
				this.signedIn = outcome == SignInResult.SIGNED_IN;
				return outcome;
			}
			catch (IOException | RuntimeException ex) {
				return SignInResult.ERROR;
			}
			finally {
				this.signIns.release();
			}
		}

		void loop(long end) {
			while (System.nanoTime() < end) {
				if (!this.signedIn) {
					// Signed out: sign in again, as a person would, through the same
					// requests (timed and counted with the others).
					this.stats.signInsDuringRun.incrementAndGet();
					this.signIns.acquireUninterruptibly();
					try {
						Answer form = timed("GET", "/login", null);
						if (form == null || form.status() != 200 || form.csrfOrNull() == null) {
							// A failed request has had its pause already.
							if (form != null && form.status() < 400) {
								pause(1000);
							}
							continue;
						}
						Answer answer = timed("POST", "/login",
								fields("username", this.name, "password", this.password, "_csrf", form.csrf()));
						this.signedIn = answer != null && answer.status() == 302 && !answer.locationStartsWith("/login");
					}
					finally {
						this.signIns.release();
					}
					if (!this.signedIn) {
						pause(1000);
					}
					continue;
				}
				Answer page = timed("GET", this.page, null);
				if (!expectPage(page, "GET")) {
					continue;
				}
				Answer profile = timed("GET", "/profile", null);
				if (!expectPage(profile, "GET") || !profile.body().contains("@" + this.name)) {
					continue;
				}
				String displayName = this.name + " update " + (++this.sequence);
				String submission = profile.submissionOrNull("/profile");
				Answer saved = timed("POST", "/profile", fields("displayName", displayName, "email",
						this.name + "@example.com", "bio", "", "_csrf", profile.csrf(), "_submission",
						(submission != null) ? submission : ""));
				if (saved != null && saved.redirectsTo("/profile")) {
					this.acknowledged = displayName;
					this.unanswered.clear();
					this.stats.acknowledged.incrementAndGet();
				}
				else {
					if (saved == null || saved.status() >= 500) {
						this.unanswered.add(displayName);
					}
					if (saved != null && expectPage(saved, "POST")) {
						// The form shown again: the update was not accepted.
						this.stats.count("POST", "other", 1);
						this.stats.other("POST /profile 200 (form shown again)");
					}
				}
			}
		}

		/**
		 * Whether an answer is the page itself; a redirect to the sign-in page marks the
		 * user signed out (other failures are counted where the request was timed).
		 */
		private boolean expectPage(Answer answer, String method) {
			if (answer == null) {
				return false;
			}
			if (answer.status() == 302 && answer.locationStartsWith("/login")) {
				signedOut(method);
				return false;
			}
			return answer.status() == 200;
		}

		private void signedOut(String method) {
			this.signedIn = false;
			this.stats.signedOutAnswers.incrementAndGet();
			this.stats.count(method, "signed_out", 1);
			if (System.nanoTime() >= this.stats.firstEventAt.get()) {
				this.signedOutAfterEvent = true;
			}
			else {
				this.signedOutBeforeEvent = true;
			}
		}

		/**
		 * One request, timed and counted: a 5xx, a connection error or a timeout is a
		 * failure of its method; a redirect to the sign-in page is counted by
		 * {@link #signedOut}; any other answer that is neither a 200 nor a redirect is
		 * counted as other (a 403, a 429). After a failure or an other answer the user
		 * waits a second before going on, as a person would before trying again, so that
		 * a fast error page is not counted hundreds of times.
		 * @return the answer, or {@code null} when there was none
		 */
		private Answer timed(String method, String path, Map<String, String> form) {
			this.stats.count(method, "sent", 1);
			long started = System.nanoTime();
			String failure;
			Answer answer = null;
			try {
				answer = "GET".equals(method) ? this.visitor.get(path) : this.visitor.post(path, form);
				if (answer.status() >= 500) {
					failure = "5xx";
				}
				else if (answer.status() != 200 && answer.status() != 302) {
					failure = "other";
				}
				else {
					failure = null;
				}
			}
			catch (HttpConnectTimeoutException ex) {
				failure = "connection";
			}
			catch (HttpTimeoutException ex) {
				failure = "timeout";
			}
			catch (IOException ex) {
				failure = "connection";
			}
			this.stats.latency(System.nanoTime() - started);
			if (failure != null) {
				this.stats.count(method, failure, 1);
				this.stats.other(method + " " + path + " " + ((answer != null) ? answer.status() : failure));
				pause(1000);
			}
			return answer;
		}

		/**
		 * Whether the profile shows the last acknowledged display name (or one posted
		 * after it whose answer was lost); {@code null} when the user never had an update
		 * acknowledged or cannot sign in to look.
		 */
		Boolean lastAcknowledgedKept() {
			if (this.acknowledged == null) {
				return null;
			}
			// Under app.session.strategy=none, signing in and reading the profile only work
			// when the requests happen to reach the same replica: polled until a deadline.
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < deadline) {
				try {
					if (!this.signedIn) {
						signIn();
						if (!this.signedIn) {
							pause(200);
							continue;
						}
					}
					Answer profile = this.visitor.get("/profile");
					if (profile.status() != 200 || !profile.body().contains("@" + this.name)) {
						this.signedIn = false;
						continue;
					}
					Matcher shown = DISPLAY_NAME.matcher(profile.body());
					String current = shown.find() ? shown.group(1) : null;
					if (this.acknowledged.equals(current) || this.unanswered.contains(current)) {
						return true;
					}
					this.lostDetail = this.name + ": acknowledged '" + this.acknowledged + "', profile shows '"
							+ current + "'";
					return false;
				}
				catch (IOException | RuntimeException ex) {
					pause(200);
				}
			}
			return null;
		}

	}

	/**
	 * A client's pause: a person waiting before trying again after a failed request or a
	 * 429, and the interval between polls of the final check. Never a wait for something
	 * to happen on the cluster.
	 */
	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// --- Counts ----------------------------------------------------------------------------------

	private static final class Stats {

		private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

		private final Map<String, AtomicLong> others = new ConcurrentHashMap<>();

		private final List<LongBuffer> buffers = new ArrayList<>();

		private final ThreadLocal<LongBuffer> latencies = ThreadLocal.withInitial(this::newBuffer);

		final AtomicLong firstEventAt = new AtomicLong(Long.MAX_VALUE);

		final AtomicInteger signedOutAnswers = new AtomicInteger();

		final AtomicInteger signInsDuringRun = new AtomicInteger();

		final AtomicInteger acknowledged = new AtomicInteger();

		void count(String method, String outcome, long n) {
			this.counts.computeIfAbsent(method + " " + outcome, (k) -> new AtomicLong()).addAndGet(n);
		}

		long count(String method, String outcome) {
			AtomicLong count = this.counts.get(method + " " + outcome);
			return (count != null) ? count.get() : 0;
		}

		void other(String what) {
			this.others.computeIfAbsent(what, (k) -> new AtomicLong()).incrementAndGet();
		}

		List<String> otherStatuses() {
			return this.others.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.map((e) -> e.getValue().get() + "x " + e.getKey())
				.collect(Collectors.toList());
		}

		void latency(long nanos) {
			this.latencies.get().add(nanos);
		}

		private LongBuffer newBuffer() {
			LongBuffer buffer = new LongBuffer();
			synchronized (this.buffers) {
				this.buffers.add(buffer);
			}
			return buffer;
		}

		long[] latencies() {
			synchronized (this.buffers) {
				long[] all = this.buffers.stream().flatMapToLong(LongBuffer::stream).toArray();
				Arrays.sort(all);
				return all;
			}
		}

	}

	private static final class LongBuffer {

		private long[] values = new long[1024];

		private int size;

		void add(long value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		java.util.stream.LongStream stream() {
			return Arrays.stream(this.values, 0, this.size);
		}

	}

	// --- HTTP ------------------------------------------------------------------------------------

	enum SignInResult {

		SIGNED_IN, REFUSED, RATE_LIMITED, ERROR

	}

	/**
	 * One browser: its own cookies and connections, no automatic redirects, HTTP/1.1.
	 */
	private static final class Visitor {

		private final String base;

		private final String address;

		private final Duration timeout;

		private final HttpClient client;

		Visitor(String base, String address, Duration timeout) {
			this.base = base;
			this.address = address;
			this.timeout = timeout;
			CookieManager cookies = new CookieManager();
			cookies.setCookiePolicy(CookiePolicy.ACCEPT_ALL);
			this.client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.cookieHandler(cookies)
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(2))
				.build();
		}

		Answer get(String path) throws IOException {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
		}

		Answer post(String path, Map<String, String> fields) throws IOException {
			String body = fields.entrySet()
				.stream()
				.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		/** GET /login, then POST it with the page's CSRF token. */
		SignInResult signIn(String username, String password) throws IOException {
			Answer form = get("/login");
			if (form.status() == 429) {
				return SignInResult.RATE_LIMITED;
			}
			if (form.status() != 200 || form.csrfOrNull() == null) {
				return SignInResult.ERROR;
			}
			Answer answer = post("/login", fields("username", username, "password", password, "_csrf", form.csrf()));
			if (answer.status() == 302 && !answer.locationStartsWith("/login")) {
				return SignInResult.SIGNED_IN;
			}
			return (answer.status() == 429) ? SignInResult.RATE_LIMITED : SignInResult.REFUSED;
		}

		private Answer send(HttpRequest.Builder request) throws IOException {
			request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").timeout(this.timeout);
			if (this.address != null) {
				request.header("X-Forwarded-For", this.address);
			}
			SENT.incrementAndGet();
			try {
				return new Answer(this.client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	/**
	 * One answer.
	 *
	 * @param raw the response
	 */
	private record Answer(HttpResponse<String> raw) {

		int status() {
			return this.raw.statusCode();
		}

		String body() {
			return this.raw.body();
		}

		String location() {
			return this.raw.headers().firstValue("Location").orElse(null);
		}

		/** The redirect's path, whether the Location is relative or absolute. */
		private String locationPath() {
			String location = location();
			if (location == null) {
				return "";
			}
			return location.startsWith("/") ? location : URI.create(location).getRawPath();
		}

		boolean locationStartsWith(String path) {
			return locationPath().startsWith(path);
		}

		boolean redirectsTo(String path) {
			return status() == 302 && locationPath().equals(path);
		}

		String csrfOrNull() {
			Matcher matcher = CSRF.matcher(body());
			return matcher.find() ? matcher.group(1) : null;
		}

		String csrf() {
			String token = csrfOrNull();
			if (token == null) {
				throw new IllegalStateException("no CSRF token in the page (status " + status() + ")");
			}
			return token;
		}

		/** The one-time token of the page's form that posts to {@code action}. */
		String submissionOrNull(String action) {
			Matcher form = FORM.matcher(body());
			while (form.find()) {
				String target = form.group(1).replace("&amp;", "&");
				int query = target.indexOf('?');
				if (((query >= 0) ? target.substring(0, query) : target).equals(action)) {
					Matcher token = SUBMISSION.matcher(form.group(2));
					return token.find() ? token.group(1) : null;
				}
			}
			return null;
		}

		String submission(String action) {
			String token = submissionOrNull(action);
			if (token == null) {
				throw new IllegalStateException("no submission token for " + action + " (status " + status() + ")");
			}
			return token;
		}

	}

}
