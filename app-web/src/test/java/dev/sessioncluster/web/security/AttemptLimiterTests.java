package dev.sessioncluster.web.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sessioncluster.test.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Counters of attempts in a real Redis, without an application: what a limit lets
 * through, what a refusal counts (nothing), and the keys a client's input becomes.
 */
class AttemptLimiterTests {

	private static final AttemptLimit THREE_PER_MINUTE = new AttemptLimit(3, Duration.ofMinutes(1));

	private static RedisServer server;

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private AttemptLimiter limiter;

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
		this.limiter = new AttemptLimiter(this.redis);
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	@Test
	void aCounterLetsItsLimitThroughWithinItsWindowAndRefusesTheRest() {
		AttemptCounter counter = AttemptCounter.of("test", unique(), THREE_PER_MINUTE);

		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThat(this.limiter.tryAttempt(counter)).as("attempt %d", attempt).isTrue();
		}

		assertThat(this.limiter.tryAttempt(counter)).isFalse();
		assertThat(this.redis.opsForValue().get(counter.key())).as("a refusal counts nothing").isEqualTo("3");
		long ttl = this.redis.getExpire(counter.key(), TimeUnit.MILLISECONDS);
		assertThat(ttl).as("the window, from the first attempt").isPositive().isLessThanOrEqualTo(60_000);
	}

	@Test
	void aCounterAtItsLimitRefusesTheAttemptForEveryCounterAndCountsItNowhere() {
		AttemptCounter full = AttemptCounter.of("test", unique(), new AttemptLimit(1, Duration.ofMinutes(1)));
		AttemptCounter other = AttemptCounter.of("test", unique(), THREE_PER_MINUTE);
		assertThat(this.limiter.tryAttempt(full)).isTrue();

		assertThat(this.limiter.tryAttempt(other, full)).isFalse();

		assertThat(this.redis.hasKey(other.key())).as("not counted").isFalse();
		assertThat(this.limiter.tryAttempt(other)).isTrue();
		assertThat(this.redis.opsForValue().get(other.key())).isEqualTo("1");
	}

	@Test
	void eachCounterHasItsOwnWindow() {
		AttemptCounter shortWindow = AttemptCounter.of("test", unique(), new AttemptLimit(5, Duration.ofSeconds(30)));
		AttemptCounter longWindow = AttemptCounter.of("test", unique(), new AttemptLimit(5, Duration.ofHours(1)));

		this.limiter.tryAttempt(shortWindow, longWindow);

		assertThat(this.redis.getExpire(shortWindow.key(), TimeUnit.MILLISECONDS)).isBetween(1L, 30_000L);
		assertThat(this.redis.getExpire(longWindow.key(), TimeUnit.MILLISECONDS)).isGreaterThan(30_000L);
	}

	@Test
	void aForgivenAttemptIsTakenBackButNeverBelowZeroAndTheWindowStays() {
		AttemptCounter counter = AttemptCounter.of("test", unique(), THREE_PER_MINUTE);
		this.limiter.tryAttempt(counter);
		this.limiter.tryAttempt(counter);

		this.limiter.forgive(counter);
		assertThat(this.redis.opsForValue().get(counter.key())).isEqualTo("1");
		assertThat(this.redis.getExpire(counter.key(), TimeUnit.MILLISECONDS)).isPositive();

		this.limiter.forgive(counter);
		this.limiter.forgive(counter);
		assertThat(this.redis.opsForValue().get(counter.key())).isEqualTo("0");
	}

	@Test
	void aResetForgetsEveryAttempt() {
		AttemptCounter counter = AttemptCounter.of("test", unique(), new AttemptLimit(1, Duration.ofMinutes(1)));
		this.limiter.tryAttempt(counter);

		this.limiter.reset(counter);

		assertThat(this.redis.hasKey(counter.key())).isFalse();
		assertThat(this.limiter.tryAttempt(counter)).isTrue();
	}

	@Test
	void theSignInLimitCountsEverySpellingOfAUsernameAsOneAndTheAddressApart() {
		LoginThrottle throttle = new LoginThrottle(this.limiter);
		String name = unique();
		String address = unique();
		String elsewhere = unique();
		for (int attempt = 0; attempt < LoginThrottle.MAX_ATTEMPTS; attempt++) {
			assertThat(throttle.tryAttempt((attempt % 2 == 0) ? name : " " + name.toUpperCase() + " ", elsewhere))
				.isTrue();
		}

		assertThat(throttle.tryAttempt(name, address)).as("the name is at its limit").isFalse();
		assertThat(this.redis.hasKey(LoginThrottle.address(address).key())).as("the address counted nothing").isFalse();
		assertThat(LoginThrottle.user(null).key()).isEqualTo(LoginThrottle.user("  ").key())
			.isEqualTo(AttemptCounter.PREFIX + "sign-in:user:-");
		assertThat(LoginThrottle.user(name).limit()).isEqualTo(new AttemptLimit(5, Duration.ofMinutes(15)));
	}

	@Test
	void aSuccessfulSignInClearsTheUsernameAndTakesItselfBackFromTheAddress() {
		LoginThrottle throttle = new LoginThrottle(this.limiter);
		String name = unique();
		String address = unique();
		throttle.tryAttempt("someone-else", address);
		throttle.tryAttempt(name, address);

		throttle.succeeded(name, address);

		assertThat(this.redis.hasKey(LoginThrottle.user(name).key())).isFalse();
		assertThat(this.redis.opsForValue().get(LoginThrottle.address(address).key())).isEqualTo("1");
	}

	@Test
	void aShortPrintableIdentityIsKeptAsItIsAndAnythingElseIsHashed() {
		String longest = "a".repeat(AttemptCounter.MAX_PLAIN_LENGTH);

		assertThat(key("!~alice")).isEqualTo(AttemptCounter.PREFIX + "act:!~alice");
		assertThat(key(longest)).isEqualTo(AttemptCounter.PREFIX + "act:" + longest);
		assertThat(key(null)).isEqualTo(AttemptCounter.PREFIX + "act:-");
		for (String hashed : new String[] { longest + "a", "", "ali ce", "ali\u007fce", "alicé", "ali\u001fce" }) {
			assertThat(key(hashed)).as("'%s'", hashed)
				.matches("\\Q" + AttemptCounter.PREFIX + "act:sha256-\\E[0-9a-f]{64}");
		}
		assertThat(key("alicé")).isNotEqualTo(key("alice\u0301")).isEqualTo(key("alicé"));
	}

	@Test
	void aCounterAndALimitRefuseWhatCannotWork() {
		assertThatNullPointerException().isThrownBy(() -> new AttemptCounter(null, THREE_PER_MINUTE))
			.withMessage("key must not be null");
		assertThatNullPointerException().isThrownBy(() -> new AttemptCounter("key", null))
			.withMessage("limit must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> new AttemptLimit(0, Duration.ofMinutes(1)));
		assertThatNullPointerException().isThrownBy(() -> new AttemptLimit(1, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new AttemptLimit(1, Duration.ofNanos(999_999)));
		assertThat(new AttemptLimit(1, Duration.ofMillis(1)).maxAttempts()).isEqualTo(1);
	}

	@Test
	void aWindowIsShownInWholeMinutesRoundedUp() {
		assertThat(new AttemptLimit(1, Duration.ofSeconds(1)).windowMinutes()).isEqualTo(1);
		assertThat(new AttemptLimit(1, Duration.ofSeconds(60)).windowMinutes()).isEqualTo(1);
		assertThat(new AttemptLimit(1, Duration.ofSeconds(61)).windowMinutes()).isEqualTo(2);
		assertThat(new AttemptLimit(1, Duration.ofMinutes(15)).windowMinutes()).isEqualTo(15);
	}

	private static String key(String identity) {
		return AttemptCounter.of("act", identity, THREE_PER_MINUTE).key();
	}

	private static String unique() {
		return "limited-" + System.nanoTime();
	}

}
