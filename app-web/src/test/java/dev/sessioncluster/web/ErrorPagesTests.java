package dev.sessioncluster.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors are answered with friendly pages that never show a stack trace, and every
 * response names the replica that served it.
 */
class ErrorPagesTests extends RedisHttpTestSupport {

	@Test
	void postWithoutCsrfTokenGetsTheFriendly403Page() {
		HttpUser user = newUser();
		user.get("/register");

		Response response = user.postForm("/register", Map.of("username", uniqueName("nocsrf"), "email",
				"x@example.com", "displayName", "X", "password", "a long enough password"));

		assertThat(response.status()).isEqualTo(403);
		assertFriendly(response, "Access denied");
	}

	@Test
	void postWithAWrongCsrfTokenGetsTheFriendly403Page() {
		HttpUser user = newUser();
		user.register(uniqueName("badcsrf"), "a long enough password");

		Response response = user.postForm("/profile",
				Map.of("displayName", "X", "email", "x@example.com", "bio", "", "_csrf", "forged"));

		assertThat(response.status()).isEqualTo(403);
		assertFriendly(response, "Access denied");
	}

	@Test
	void unknownPageGetsTheFriendly404Page() {
		HttpUser user = newUser();
		user.register(uniqueName("notfound"), "a long enough password");

		Response response = user.get("/no/such/page");

		assertThat(response.status()).isEqualTo(404);
		assertFriendly(response, "Page not found");
	}

	@Test
	void rejectedRequestGetsAFriendlyPage() {
		Response response = newUser().get("/profile/%2e%2e/%2e%2e/etc/passwd");

		assertThat(response.status()).isBetween(400, 404);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

	@Test
	void everyResponseNamesTheReplica() {
		HttpUser user = newUser();
		assertThat(user.get("/").servedBy()).isEqualTo("replica-a");
		assertThat(user.get("/assets/css/app.css").servedBy()).isEqualTo("replica-a");
		assertThat(user.get("/nope").servedBy()).isEqualTo("replica-a");
		assertThat(user.get("/").body()).contains("Served by replica-a");
	}

	@Test
	void healthReportsRedisAndDatabase() {
		Response health = newUser().get("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"redis\"").contains("\"db\"");
		assertThat(newUser().get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(newUser().get("/actuator/health/liveness").status()).isEqualTo(200);
	}

	private static void assertFriendly(Response response, String title) {
		assertThat(response.header("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("text/html"));
		assertThat(response.body()).contains(title)
			.contains("Served by replica-a")
			.doesNotContain("Exception")
			.doesNotContain("at org.")
			.doesNotContain("Whitelabel");
	}

}
