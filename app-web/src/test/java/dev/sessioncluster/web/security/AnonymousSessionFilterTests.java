package dev.sessioncluster.web.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import dev.sessioncluster.test.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What visitors who have not signed in cost the session store, with the counter in a real
 * Redis and no application: only a request that creates a session counts, one address
 * gets its limit of new sessions a minute, and a new session is short-lived until someone
 * signs in on it.
 */
class AnonymousSessionFilterTests {

	private static final Duration ANONYMOUS = Duration.ofMinutes(10);

	private static final Duration SIGNED_IN = Duration.ofMinutes(30);

	private static RedisServer server;

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private AnonymousSessionFilter filter;

	private final String address = "192.0.2.1";

	private final String otherAddress = "198.51.100.7";

	/**
	 * A server per class run, not one per JVM: a mutation testing tool runs the class
	 * many times in one JVM, each run ending with {@code @AfterAll}.
	 */
	@BeforeAll
	static void startRedis() {
		server = RedisServer.startRestartable();
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
	}

	@AfterAll
	static void stopRedis() {
		server.close();
	}

	@BeforeEach
	void connect() {
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.factory.afterPropertiesSet();
		this.redis = new StringRedisTemplate(this.factory);
		// A test may run many times within the counters' minute.
		this.redis.delete(List.of(SessionCreationCounter.PREFIX + this.address,
				SessionCreationCounter.PREFIX + this.otherAddress, SessionCreationCounter.PREFIX + "-"));
		this.filter = new AnonymousSessionFilter(new SessionCreationCounter(this.redis, 2), ANONYMOUS, SIGNED_IN);
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	@Test
	void aNewSessionIsCountedForItsAddressAndGetsTheShortIdleTimeout() throws Exception {
		MockHttpServletRequest request = request();

		HttpSession created = passOn(request, (passed) -> passed.getSession());

		assertThat(created.getMaxInactiveInterval()).isEqualTo((int) ANONYMOUS.toSeconds());
		assertThat(count()).isEqualTo("1");
		long ttl = this.redis.getExpire(SessionCreationCounter.PREFIX + this.address, TimeUnit.MILLISECONDS);
		assertThat(ttl).as("a window of one minute").isPositive().isLessThanOrEqualTo(60_000);
	}

	@Test
	void aRequestThatCreatesNoSessionCostsNothing() throws Exception {
		MockHttpServletRequest withSession = request();
		MockHttpSession existing = new MockHttpSession();
		existing.setMaxInactiveInterval(1800);
		withSession.setSession(existing);

		assertThat(passOn(request(), (passed) -> passed.getSession(false))).isNull();
		assertThat(passOn(withSession, (passed) -> passed.getSession())).isSameAs(existing);
		assertThat(passOn(withSession, (passed) -> passed.getSession(true))).isSameAs(existing);

		assertThat(existing.getMaxInactiveInterval()).as("left as it was").isEqualTo(1800);
		assertThat(count()).isNull();
	}

	@Test
	void beyondItsLimitAnAddressIsAnswered429AndGetsNoSession() throws Exception {
		passOn(request(), (passed) -> passed.getSession());
		passOn(request(), (passed) -> passed.getSession(true));
		MockHttpServletRequest third = request();
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(third, response, (passed, answer) -> {
			answer.getWriter().write("half a page");
			((HttpServletRequest) passed).getSession();
		});

		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("60");
		assertThat(response.getContentAsString()).doesNotContain("half a page");
		assertThat(third.getSession(false)).isNull();
		assertThat(passOn(request(this.otherAddress), (passed) -> passed.getSession())).as("another address")
			.isNotNull();
	}

	@Test
	void aRefusalWrappedByTheLayersInBetweenIsStillA429() throws Exception {
		SessionCreationCounter none = new SessionCreationCounter(this.redis, 0);
		AnonymousSessionFilter refusing = new AnonymousSessionFilter(none, ANONYMOUS, SIGNED_IN);
		MockHttpServletResponse response = new MockHttpServletResponse();

		refusing.doFilter(request(), response, (passed, answer) -> {
			try {
				((HttpServletRequest) passed).getSession();
			}
			catch (RuntimeException ex) {
				throw new ServletException(new IllegalStateException("rendering failed", ex));
			}
		});

		assertThat(response.getStatus()).isEqualTo(429);
	}

	@Test
	void otherFailuresAndARefusalAfterTheResponseWasCommittedAreRethrown() {
		SessionCreationCounter none = new SessionCreationCounter(this.redis, 0);
		AnonymousSessionFilter refusing = new AnonymousSessionFilter(none, ANONYMOUS, SIGNED_IN);
		IllegalStateException bug = new IllegalStateException("a bug");

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.filter.doFilter(request(), new MockHttpServletResponse(), (passed, answer) -> {
				throw bug;
			}))
			.isSameAs(bug);
		MockHttpServletResponse committed = new MockHttpServletResponse();
		assertThatExceptionOfType(AnonymousSessionFilter.TooManySessionsException.class)
			.isThrownBy(() -> refusing.doFilter(request(), committed, (passed, answer) -> {
				answer.flushBuffer();
				((HttpServletRequest) passed).getSession();
			}));
		assertThat(committed.getStatus()).isEqualTo(200);
	}

	@Test
	void signingInGivesTheSessionTheNormalIdleTimeoutButNeverShortensALongerOne() throws Exception {
		MockHttpServletRequest request = request();
		HttpSession session = passOn(request, (passed) -> {
			passed.getSession();
			return signIn(passed);
		});
		assertThat(session.getMaxInactiveInterval()).isEqualTo((int) SIGNED_IN.toSeconds());

		MockHttpServletRequest longer = request();
		MockHttpSession kept = new MockHttpSession();
		kept.setMaxInactiveInterval(7200);
		longer.setSession(kept);
		passOn(longer, this::signIn);
		assertThat(kept.getMaxInactiveInterval()).isEqualTo(7200);

		MockHttpServletRequest exactly = request();
		MockHttpSession same = new MockHttpSession();
		same.setMaxInactiveInterval((int) SIGNED_IN.toSeconds());
		exactly.setSession(same);
		passOn(exactly, this::signIn);
		assertThat(same.getMaxInactiveInterval()).isEqualTo((int) SIGNED_IN.toSeconds());
	}

	@Test
	void addressesBecomeShortKeys() {
		SessionCreationCounter counter = new SessionCreationCounter(this.redis, 1);
		String longAddress = "2001:db8:" + "a".repeat(60) + System.nanoTime();

		assertThat(counter.tryCreate(longAddress)).isTrue();
		assertThat(this.redis.hasKey(SessionCreationCounter.PREFIX + longAddress.substring(0, 64))).isTrue();
		assertThat(counter.tryCreate(longAddress.substring(0, 64) + "something else")).as("the same 64 characters")
			.isFalse();
		assertThat(counter.tryCreate(null)).isTrue();
		assertThat(counter.tryCreate("")).as("counted as no address, like null").isFalse();
	}

	@Test
	void theLimitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AnonymousSessionProperties(0, ANONYMOUS))
			.withMessageContaining("per-address-per-minute");
		assertThatIllegalArgumentException().isThrownBy(() -> new AnonymousSessionProperties(1, Duration.ZERO))
			.withMessageContaining("idle-timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AnonymousSessionProperties(1, Duration.ofSeconds(-1)));
		assertThat(new AnonymousSessionProperties(1, Duration.ofSeconds(1)).perAddressPerMinute()).isEqualTo(1);
	}

	private HttpSession signIn(HttpServletRequest request) {
		request.changeSessionId();
		return request.getSession(false);
	}

	private MockHttpServletRequest request() {
		return request(this.address);
	}

	private static MockHttpServletRequest request(String address) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login");
		request.setRemoteAddr(address);
		return request;
	}

	private String count() {
		return this.redis.opsForValue().get(SessionCreationCounter.PREFIX + this.address);
	}

	/** Passes the request on to a chain that uses it, and returns the session it saw. */
	private HttpSession passOn(MockHttpServletRequest request, RequestUse use) throws Exception {
		AtomicReference<HttpSession> result = new AtomicReference<>();
		FilterChain chain = (passed, response) -> result.set(use.apply((HttpServletRequest) passed));
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		return result.get();
	}

	@FunctionalInterface
	private interface RequestUse {

		HttpSession apply(HttpServletRequest request);

	}

}
