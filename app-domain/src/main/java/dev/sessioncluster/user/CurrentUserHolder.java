package dev.sessioncluster.user;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Holds the {@link CurrentUser} of the request this thread is serving.
 *
 * <h2>The pattern</h2> A servlet container serves each request on one thread from start
 * to finish. A filter that runs after authentication binds the signed-in user to that
 * thread, and any code further down the call stack (controllers, services, the JPA
 * auditor) reads it without the user being passed through every method signature: <pre>
 * try (var scope = CurrentUserHolder.bind(user)) {
 *     chain.doFilter(request, response);   // everything below sees the user
 * }                                        // unbound here, even if doFilter threw
 * </pre>
 *
 * <h2>The risks, and why the value must always be cleared</h2>
 * <ul>
 * <li><b>Pooled threads.</b> Tomcat reuses a small pool of threads for all requests. A
 * value left behind by one request is seen by the next request served on that thread: an
 * anonymous visitor, or another user, would act as the previous one. This is why binding
 * is only available as a scope that restores the previous value in {@code finally}
 * ({@link #bind}, {@link #runAs}, {@link #callAs}); there is deliberately no public
 * {@code set}.</li>
 * <li><b>Asynchronous work.</b> A {@code ThreadLocal} does not follow work handed to
 * another thread ({@code @Async}, {@code CompletableFuture}, executors, reactive
 * pipelines). Such code sees no user (or, on a pooled thread, a stale one if someone
 * forgot to clear it). Capture the user before handing the work over and re-bind it there
 * with {@link #runAs}.</li>
 * <li><b>Virtual threads.</b> Each request gets a fresh virtual thread, so values cannot
 * leak between requests, but every virtual thread pays for its own copy and inheritance
 * does not apply to executors. Keep the value small (it is: three fields). Scoped values
 * (JEP 506) are the long-term replacement for this class once the baseline is Java
 * 25.</li>
 * </ul>
 *
 * <p>
 * The class has no dependency on the web layer: tests and batch jobs use {@link #runAs}
 * the same way the web filter does.
 */
public final class CurrentUserHolder {

	private static final ThreadLocal<CurrentUser> CURRENT = new ThreadLocal<>();

	private CurrentUserHolder() {
	}

	/**
	 * The user bound to this thread.
	 * @return the current user, or empty for an anonymous request or outside any scope
	 */
	public static Optional<CurrentUser> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * The user bound to this thread, for code that only runs for signed-in users.
	 * @return the current user
	 * @throws NoCurrentUserException if no user is bound
	 */
	public static CurrentUser require() {
		CurrentUser user = CURRENT.get();
		if (user == null) {
			throw new NoCurrentUserException();
		}
		return user;
	}

	/**
	 * Binds {@code user} to this thread until the returned scope is closed; closing
	 * restores whatever was bound before (usually nothing), so scopes nest. Use it in
	 * try-with-resources.
	 * @param user the user to bind, or {@code null} to run a scope with no user
	 * @return the scope to close on the same thread
	 */
	public static Scope bind(CurrentUser user) {
		CurrentUser previous = CURRENT.get();
		set(user);
		return new Scope(previous, Thread.currentThread());
	}

	/**
	 * Runs {@code work} with {@code user} bound, then restores the previous binding.
	 * @param user the user to bind
	 * @param work the work to run
	 */
	public static void runAs(CurrentUser user, Runnable work) {
		Objects.requireNonNull(work, "work must not be null");
		try (Scope scope = bind(user)) {
			work.run();
		}
	}

	/**
	 * Calls {@code work} with {@code user} bound, then restores the previous binding.
	 * @param <T> the result type
	 * @param user the user to bind
	 * @param work the work to call
	 * @return what {@code work} returned
	 */
	public static <T> T callAs(CurrentUser user, Supplier<T> work) {
		Objects.requireNonNull(work, "work must not be null");
		try (Scope scope = bind(user)) {
			return work.get();
		}
	}

	private static void set(CurrentUser user) {
		if (user == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(user);
		}
	}

	/**
	 * A binding made by {@link CurrentUserHolder#bind}. Closing it restores the previous
	 * value; closing it twice, or on another thread, is a programming error.
	 */
	public static final class Scope implements AutoCloseable {

		private final CurrentUser previous;

		private final Thread owner;

		private boolean closed;

		private Scope(CurrentUser previous, Thread owner) {
			this.previous = previous;
			this.owner = owner;
		}

		@Override
		public void close() {
			if (Thread.currentThread() != this.owner) {
				throw new IllegalStateException(
						"A CurrentUserHolder scope must be closed on the thread that opened it");
			}
			if (this.closed) {
				throw new IllegalStateException("This CurrentUserHolder scope is already closed");
			}
			this.closed = true;
			set(this.previous);
		}

	}

}
