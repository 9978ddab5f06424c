package dev.sessioncluster.test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for tests over real HTTP (random port) against a real Redis. Subclasses that do
 * not change properties share one application context. The tests play the trusted proxy
 * on loopback, so each {@link HttpUser} comes from its own address.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.replica-id=replica-a", "app.url-session.enabled=true",
				"server.tomcat.remoteip.internal-proxies=" + RedisHttpTestSupport.TRUSTED_PROXY })
@RedisTest
public abstract class RedisHttpTestSupport {

	/** The proxy whose {@code X-Forwarded-For} the application believes: the tests. */
	public static final String TRUSTED_PROXY = "127.0.0.1/32";

	/** The key prefix of Spring Session's Redis repository. */
	public static final String SESSION_KEY_PREFIX = "spring:session:sessions:";

	@LocalServerPort
	protected int port;

	@Autowired
	protected RedisConnectionFactory redis;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> RedisServerExtension.server().host());
		registry.add("spring.data.redis.port", () -> RedisServerExtension.server().port());
	}

	protected HttpUser newUser() {
		return HttpUser.at(this.port);
	}

	protected HttpUser newUserWithoutCookies() {
		return HttpUser.withoutCookies(this.port);
	}

	/**
	 * A username no other test uses.
	 * @param prefix a readable prefix
	 * @return a unique username
	 */
	protected static String uniqueName(String prefix) {
		return LocalTools.uniqueName(prefix);
	}

	/**
	 * The session id inside a {@code SESSION} cookie value (Spring Session Base64-encodes
	 * it).
	 * @param cookieValue the cookie value
	 * @return the session id, as used in Redis keys
	 */
	protected static String sessionId(String cookieValue) {
		return new String(Base64.getDecoder().decode(cookieValue), StandardCharsets.UTF_8);
	}

	protected Map<byte[], byte[]> sessionHash(String sessionId) {
		try (RedisConnection connection = this.redis.getConnection()) {
			return connection.hashCommands().hGetAll(bytes(SESSION_KEY_PREFIX + sessionId));
		}
	}

	protected boolean sessionExists(String sessionId) {
		try (RedisConnection connection = this.redis.getConnection()) {
			return Boolean.TRUE.equals(connection.keyCommands().exists(bytes(SESSION_KEY_PREFIX + sessionId)));
		}
	}

	protected static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
