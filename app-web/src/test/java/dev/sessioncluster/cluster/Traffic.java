package dev.sessioncluster.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A signed-in visitor sending a steady stream of requests on one session through nginx:
 * {@code GET /profile}, then a profile update ({@code POST /profile}) that writes a new
 * bio, then a {@code GET} that must show that bio whenever the update was acknowledged.
 * Counts failures by method, and acknowledged updates that did not stick.
 */
final class Traffic implements Runnable {

	private final HttpUser user;

	private final String username;

	private final AtomicBoolean running = new AtomicBoolean(true);

	final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

	final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();

	final AtomicInteger acknowledgedUpdates = new AtomicInteger();

	final AtomicInteger lostUpdates = new AtomicInteger();

	/** Pages answered with the sign-in page: the session was no longer signed in. */
	final AtomicInteger signedOut = new AtomicInteger();

	final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

	final AtomicReference<String> lastServedBy = new AtomicReference<>();

	private final Thread thread = new Thread(this, "traffic");

	Traffic(HttpUser user, String username) {
		this.user = user;
		this.username = username;
	}

	/**
	 * Registers a new visitor through nginx and starts its traffic; returns once five of
	 * its updates were acknowledged.
	 * @param port nginx's port
	 * @param prefix the start of the visitor's username
	 * @return the running traffic
	 */
	static Traffic ofNewVisitor(int port, String prefix) {
		String username = LocalTools.uniqueName(prefix);
		HttpUser user = HttpUser.at(port);
		Response registered = user.register(username, "a long enough password");
		assertThat(registered.status()).as(registered.body()).isEqualTo(302);
		Traffic traffic = new Traffic(user, username).start();
		await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acknowledgedUpdates.get() >= 5);
		return traffic;
	}

	HttpUser user() {
		return this.user;
	}

	String username() {
		return this.username;
	}

	/**
	 * Stops once {@code more} further updates were acknowledged.
	 * @param more how many more
	 * @param atMost how long they may take
	 * @throws InterruptedException if interrupted while waiting for the thread
	 */
	void stopAfter(int more, Duration atMost) throws InterruptedException {
		int acknowledged = this.acknowledgedUpdates.get();
		await().atMost(atMost).until(() -> this.acknowledgedUpdates.get() >= acknowledged + more);
		stopAndWait();
	}

	Traffic start() {
		this.thread.start();
		return this;
	}

	void stopAndWait() throws InterruptedException {
		this.running.set(false);
		this.thread.join(Duration.ofMinutes(1).toMillis());
	}

	@Override
	public void run() {
		int i = 0;
		// The bio of an acknowledged update not yet seen on a page: checked on the next
		// page that loads, however many GETs fail in between (a store failing over).
		String unchecked = null;
		while (this.running.get()) {
			i++;
			Response page = get();
			if (page == null) {
				continue;
			}
			if (unchecked != null) {
				check(page, unchecked);
				unchecked = null;
			}
			String bio = "update " + i + " at " + Instant.now();
			if (post(page, bio) != null) {
				this.acknowledgedUpdates.incrementAndGet();
				Response after = get();
				if (after != null) {
					check(after, bio);
				}
				else {
					unchecked = bio;
				}
			}
		}
		if (unchecked != null) {
			Response last = get();
			if (last != null) {
				check(last, unchecked);
			}
		}
	}

	/** Counts the acknowledged update as lost unless the page shows its bio. */
	private void check(Response page, String bio) {
		if (!page.body().contains(bio)) {
			this.lostUpdates.incrementAndGet();
			this.failures.add("acknowledged update \"" + bio + "\" not visible on " + page.servedBy());
		}
	}

	private Response get() {
		count(this.sent, "GET");
		try {
			Response response = this.user.get("/profile");
			if (response.status() == 200 && response.body().contains("@" + this.username)) {
				this.lastServedBy.set(response.servedBy());
				return response;
			}
			if (response.status() == 302 && String.valueOf(response.location()).startsWith("/login")) {
				this.signedOut.incrementAndGet();
			}
			fail("GET", response.status() + " from " + response.servedBy());
		}
		catch (RuntimeException ex) {
			fail("GET", ex.toString());
		}
		return null;
	}

	private Response post(Response page, String bio) {
		count(this.sent, "POST");
		try {
			Response response = this.user.postForm("/profile",
					Map.of("displayName", "Traffic " + this.username, "email", this.username + "@example.com", "bio",
							bio, "_csrf", page.csrfToken(), "_submission",
							page.submissionToken("/profile").orElse("")));
			if (response.status() == 302 && "/profile".equals(response.location())) {
				this.lastServedBy.set(response.servedBy());
				return response;
			}
			fail("POST", response.status() + " from " + response.servedBy());
		}
		catch (RuntimeException ex) {
			fail("POST", ex.toString());
		}
		return null;
	}

	private void fail(String method, String what) {
		count(this.failed, method);
		this.failures.add(method + ": " + what);
	}

	private static void count(Map<String, AtomicInteger> counts, String method) {
		counts.computeIfAbsent(method, (m) -> new AtomicInteger()).incrementAndGet();
	}

	int sent(String method) {
		return this.sent.getOrDefault(method, new AtomicInteger()).get();
	}

	int failed(String method) {
		return this.failed.getOrDefault(method, new AtomicInteger()).get();
	}

	String summary() {
		return "GET sent " + sent("GET") + " failed " + failed("GET") + ", POST sent " + sent("POST") + " failed "
				+ failed("POST") + ", acknowledged updates " + this.acknowledgedUpdates + ", lost " + this.lostUpdates
				+ ", signed out " + this.signedOut + (this.failures.isEmpty() ? "" : ", failures " + firstFailures());
	}

	/** The first ten failures: a store failing over fails thousands of requests alike. */
	private String firstFailures() {
		synchronized (this.failures) {
			int shown = Math.min(10, this.failures.size());
			int more = this.failures.size() - shown;
			return this.failures.subList(0, shown) + ((more > 0) ? " and " + more + " more" : "");
		}
	}

}
