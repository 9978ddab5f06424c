package dev.sessioncluster.web.session;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production cookie setting: a {@code __Host-} prefixed, Secure, host-only cookie for
 * the whole site, from properties alone (also with the cookie fallback's own serializer).
 */
@TestPropertySource(properties = { "server.servlet.session.cookie.name=__Host-SESSION",
		"server.servlet.session.cookie.secure=true" })
class HostPrefixCookieTests extends RedisHttpTestSupport {

	@Test
	void cookieMeetsTheHostPrefixRules() {
		Response login = HttpUser.at(this.port).get("/login");

		assertThat(login.headers("Set-Cookie")).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith("__Host-SESSION=")
				.contains("; Path=/")
				.contains("; Secure")
				.contains("; HttpOnly")
				.contains("SameSite=Lax")
				.doesNotContain("Domain="));
	}

}
