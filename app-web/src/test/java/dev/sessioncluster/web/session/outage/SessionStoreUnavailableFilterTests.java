package dev.sessioncluster.web.session.outage;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two filters of a session store outage, on the request that fails and on the error
 * dispatch that renders its page: a store failure anywhere in the cause chain becomes a
 * 503 with {@code Retry-After}, and the error page then sees no session at all.
 */
class SessionStoreUnavailableFilterTests {

	private final SessionStoreUnavailableFilter unavailable = new SessionStoreUnavailableFilter();

	private final OutageErrorPageFilter errorPage = new OutageErrorPageFilter();

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/profile");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void aStoreFailureDeepInTheCauseChainIsAnswered503WithRetryAfterAndNothingOfTheHalfWrittenPage() throws Exception {
		RedisConnectionFailureException failure = new RedisConnectionFailureException("Unable to connect");

		this.unavailable.doFilter(this.request, this.response, (request, response) -> {
			response.getWriter().write("half a page");
			throw new ServletException(new IllegalStateException("while loading the session", failure));
		});

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.response.getContentAsString()).doesNotContain("half a page");
		assertThat(this.request.getAttribute(SessionStoreUnavailableFilter.OUTAGE_ATTRIBUTE)).isSameAs(failure);
	}

	@Test
	void aTimeoutOrAnErrorOfTheRedisClientIsAnOutageToo() throws Exception {
		for (RuntimeException failure : new RuntimeException[] { new QueryTimeoutException("Command timed out"),
				new RedisSystemException("Connection reset", new IOException("reset")) }) {
			MockHttpServletResponse response = new MockHttpServletResponse();

			this.unavailable.doFilter(new MockHttpServletRequest("GET", "/profile"), response, failingWith(failure));

			assertThat(response.getStatus()).as("%s", failure).isEqualTo(503);
		}
	}

	@Test
	void anyOtherFailureIsLeftToTheUsualErrorHandling() {
		IllegalStateException bug = new IllegalStateException("a bug, not an outage");

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.unavailable.doFilter(this.request, this.response, failingWith(bug)))
			.isSameAs(bug);
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.request.getAttribute(SessionStoreUnavailableFilter.OUTAGE_ATTRIBUTE)).isNull();
	}

	@Test
	void aStoreFailureAfterTheResponseWasCommittedCannotBecomeA503() {
		RedisConnectionFailureException failure = new RedisConnectionFailureException("Unable to connect");

		assertThatExceptionOfType(RedisConnectionFailureException.class)
			.isThrownBy(() -> this.unavailable.doFilter(this.request, this.response, (request, response) -> {
				response.flushBuffer();
				throw failure;
			}));
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getHeader("Retry-After")).isNull();
	}

	@Test
	void theErrorPageOfAnOutageSeesNoSession() throws Exception {
		this.request.setSession(new MockHttpSession());
		this.request.setRequestedSessionIdValid(true);
		this.request.setDispatcherType(DispatcherType.ERROR);
		this.request.setAttribute(SessionStoreUnavailableFilter.OUTAGE_ATTRIBUTE,
				new RedisConnectionFailureException("Unable to connect"));

		HttpServletRequest seen = passedOn(this.request);

		assertThat(seen.getSession()).isNull();
		assertThat(seen.getSession(true)).isNull();
		assertThat(seen.getSession(false)).isNull();
		assertThat(seen.isRequestedSessionIdValid()).isFalse();
	}

	@Test
	void anErrorPageWithoutAnOutageKeepsItsSession() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.request.setSession(session);
		this.request.setDispatcherType(DispatcherType.ERROR);

		HttpServletRequest seen = passedOn(this.request);

		assertThat(seen.getSession(false)).isSameAs(session);
	}

	private HttpServletRequest passedOn(HttpServletRequest request) throws Exception {
		AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
		this.errorPage.doFilter(request, this.response, (passed, response) -> seen.set((HttpServletRequest) passed));
		assertThat(seen.get()).as("the chain went on").isNotNull();
		return seen.get();
	}

	private static FilterChain failingWith(RuntimeException failure) {
		return (request, response) -> {
			throw failure;
		};
	}

}
