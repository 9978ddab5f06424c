package dev.sessioncluster.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RawHttp;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finding "the actuator's absolute links reflect the {@code Host} header": no page of
 * the actuator writes back a host the client chose; health stays where it was.
 */
class ActuatorLinksTests extends RedisHttpTestSupport {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Host: evil.example", "X-Forwarded-Host: evil.example" })
	void actuatorNeverReflectsAForgedHost(String forgery) {
		HttpUser user = newUser();
		user.register(uniqueName("actuator"), "a long enough password");
		String cookie = "Cookie: SESSION=" + user.sessionCookie().orElseThrow();
		String host = forgery.startsWith("Host:") ? forgery : "Host: 127.0.0.1:" + this.port;
		String extra = forgery.startsWith("Host:") ? "Accept: application/json" : forgery;

		for (String path : new String[] { "/actuator", "/actuator/", "/actuator/health", "/actuator/info" }) {
			RawHttp.Response response = RawHttp.exchange(this.port, "GET " + path + " HTTP/1.1", host, extra, cookie);
			assertThat(response.status()).as(path).isLessThan(500);
			assertThat(response.raw()).as(path).doesNotContain("evil.example");
		}
		RawHttp.Response health = RawHttp.exchange(this.port, "GET /actuator/health HTTP/1.1", host, extra);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.raw()).contains("\"status\":\"UP\"");
	}

}
