package dev.sessioncluster.web.security;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.LocalNginx;
import dev.sessioncluster.test.LocalTools;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared nginx configuration in front of this application, as the local cluster runs
 * it (only the listen address changed): whatever {@code X-Forwarded-For} a client sends,
 * the replica sees the address nginx saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxForwardedForTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@TempDir
	static Path dir;

	@Autowired
	private StringRedisTemplate strings;

	private LocalNginx nginx;

	@BeforeAll
	void startNginx() throws Exception {
		this.nginx = LocalNginx.start(dir, "server 127.0.0.1:" + this.port + ";\n");
	}

	@AfterAll
	void stopNginx() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	@BeforeEach
	void startFromCleanCountsForLoopback() {
		// Through nginx every request comes from 127.0.0.1, which other test classes may
		// have counted in the shared Redis.
		this.strings.delete(this.strings.keys("sessioncluster:*:127.0.0.1"));
	}

	@Test
	void yourSessionsShowsTheAddressNginxSawNotTheForwardedForTheClientSent() {
		HttpUser user = HttpUser.at(this.nginx.port()).from("6.6.6.6");
		assertThat(user.register(LocalTools.uniqueName("proxied"), PASSWORD).location()).isEqualTo("/profile");

		String page = user.get("/account/sessions").body();

		assertThat(page).contains("127.0.0.1").doesNotContain("6.6.6.6");
	}

	@Test
	void spoofedForwardedForThroughNginxDoesNotResetTheAddressLimit() {
		for (int i = 0; i < 5; i++) {
			HttpUser guesser = HttpUser.at(this.nginx.port()).from("203.0.113." + (i + 1));
			assertThat(guesser.signIn(LocalTools.uniqueName("guess"), "wrong").location()).isEqualTo("/login?error");
		}

		HttpUser spoofer = HttpUser.at(this.nginx.port()).from("198.51.100.77");
		assertThat(spoofer.signIn(LocalTools.uniqueName("guess"), "wrong").location()).isEqualTo("/login?locked");
	}

}
