package dev.sessioncluster.web.support;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a graceful stop: for {@code app.shutdown.drain} (1 second) the
 * replica keeps serving every request, but answers each with {@code Connection: close},
 * so that nginx retires its pooled keep-alive connections to this replica one by one, and
 * only then does Spring Boot's graceful shutdown stop taking requests.
 * <p>
 * Without it, a request that nginx sends on a pooled connection while Tomcat drains
 * in-flight requests is never read and its connection is closed at the end of the drain:
 * nginx resends a GET to another replica, but not a POST, which fails. The longer the
 * drain, the likelier that is, and a write's commit wait (the session near cache) makes
 * drains last at least one lease.
 */
final class ShutdownDrain extends OncePerRequestFilter implements SmartLifecycle {

	private final Duration drain;

	private volatile boolean running;

	private volatile boolean draining;

	ShutdownDrain(Duration drain) {
		this.drain = drain;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.draining) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
		chain.doFilter(request, response);
	}

	@Override
	public void start() {
		this.draining = false;
		this.running = true;
	}

	@Override
	public void stop() {
		this.draining = true;
		long until = System.nanoTime() + this.drain.toNanos();
		for (long left = this.drain.toNanos(); left > 0; left = until - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server's graceful shutdown (higher phases stop first).
	 */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}
