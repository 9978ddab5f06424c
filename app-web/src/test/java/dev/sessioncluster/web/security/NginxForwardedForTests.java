package dev.sessioncluster.web.security;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.LocalTools;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	private Process nginx;

	private int nginxPort;

	@BeforeAll
	void startNginx() throws Exception {
		String binary = LocalTools.findOnPath("nginx");
		assertThat(binary)
			.as("These tests need nginx. Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx")
			.isNotNull();
		this.nginxPort = LocalTools.freePort();
		Path shared = Path.of("..", "nginx", "session-cluster.conf");
		Files.writeString(dir.resolve("session-cluster.conf"), Files.readString(shared)
			.replaceAll("(?m)^( *)listen 8080;", "$1listen 127.0.0.1:" + this.nginxPort + ";"));
		Files.writeString(dir.resolve("upstream-servers.conf"), "server 127.0.0.1:" + this.port + ";\n");
		// Workers run as an unprivileged user when the master is root.
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(Files.createDirectories(dir.resolve("tmp")),
				PosixFilePermissions.fromString("rwxrwxrwx"));
		Files.writeString(dir.resolve("nginx.conf"), """
				worker_processes 1;
				pid %1$s/nginx.pid;
				events { worker_connections 64; }
				http {
				    client_body_temp_path %1$s/tmp/client_body;
				    proxy_temp_path %1$s/tmp/proxy;
				    fastcgi_temp_path %1$s/tmp/fastcgi;
				    uwsgi_temp_path %1$s/tmp/uwsgi;
				    scgi_temp_path %1$s/tmp/scgi;
				    include %1$s/session-cluster.conf;
				}
				""".formatted(dir));
		this.nginx = new ProcessBuilder(binary, "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(), "-e",
				dir.resolve("error.log").toString(), "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("nginx.out").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> accepts(this.nginxPort));
	}

	@AfterAll
	void stopNginx() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.destroy();
			this.nginx.waitFor(10, TimeUnit.SECONDS);
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
		HttpUser user = HttpUser.at(this.nginxPort).from("6.6.6.6");
		assertThat(user.register(LocalTools.uniqueName("proxied"), PASSWORD).location()).isEqualTo("/profile");

		String page = user.get("/account/sessions").body();

		assertThat(page).contains("127.0.0.1").doesNotContain("6.6.6.6");
	}

	@Test
	void spoofedForwardedForThroughNginxDoesNotResetTheAddressLimit() {
		for (int i = 0; i < 5; i++) {
			HttpUser guesser = HttpUser.at(this.nginxPort).from("203.0.113." + (i + 1));
			assertThat(guesser.signIn(LocalTools.uniqueName("guess"), "wrong").location()).isEqualTo("/login?error");
		}

		HttpUser spoofer = HttpUser.at(this.nginxPort).from("198.51.100.77");
		assertThat(spoofer.signIn(LocalTools.uniqueName("guess"), "wrong").location()).isEqualTo("/login?locked");
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
