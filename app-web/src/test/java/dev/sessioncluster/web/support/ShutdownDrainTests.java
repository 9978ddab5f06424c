package dev.sessioncluster.web.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownDrainTests {

	private final ShutdownDrain drain = new ShutdownDrain(Duration.ofMillis(20));

	@Test
	void whileRunningConnectionsAreKeptAlive() throws Exception {
		this.drain.start();

		assertThat(serve().getHeader("Connection")).isNull();
		assertThat(this.drain.isRunning()).isTrue();
	}

	@Test
	void onceStoppingEveryResponseClosesItsConnectionAndTheRequestIsStillServed() throws Exception {
		this.drain.start();
		long started = System.nanoTime();
		this.drain.stop();

		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("keeps serving for the drain")
			.isGreaterThanOrEqualTo(Duration.ofMillis(20));
		MockHttpServletResponse response = serve();
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(this.drain.isRunning()).isFalse();
	}

	@Test
	void stopsBeforeTheWebServerStopsTakingRequests() {
		assertThat(this.drain.getPhase()).isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
	}

	private MockHttpServletResponse serve() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.drain.doFilter(new MockHttpServletRequest("GET", "/profile"), response, new MockFilterChain());
		return response;
	}

}
