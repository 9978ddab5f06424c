package dev.sessioncluster.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The finding "live session ids in nginx's error log": nginx with the project's
 * configuration, in front of a replica that is down, answers a request whose URL carries
 * a session id (a refused upstream, a body too large), and no log it writes holds the id.
 * Runs on free ports, with nginx from the machine; skipped where nginx is not installed.
 */
class NginxLogTests {

	private static final String SID = "LiveSessionId0123456789abcdefAB";

	@TempDir
	Path run;

	private Process nginx;

	private int port;

	@BeforeEach
	void startNginx() throws Exception {
		String binary = LocalTools.findOnPath("nginx");
		assertThat(binary)
			.as("These tests need nginx. Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx")
			.isNotNull();
		this.port = LocalTools.freePort();
		int deadReplica = LocalTools.freePort();
		Files.createDirectories(this.run.resolve("tmp"));
		Files.writeString(this.run.resolve("upstream-servers.conf"),
				"server 127.0.0.1:" + deadReplica + " max_fails=1 fail_timeout=5s;\n");
		String shared = Files.readString(Path.of("..", "nginx", "session-cluster.conf"))
			.replace("listen 8080;", "listen 127.0.0.1:" + this.port + ";");
		Files.writeString(this.run.resolve("session-cluster.conf"), shared);
		// The main level as both deployments have it: warnings and worse (compose:
		// notice).
		Files.writeString(this.run.resolve("nginx.conf"), """
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log info;
				events { worker_connections 64; }
				http {
				    client_body_temp_path %1$s/tmp/client_body;
				    proxy_temp_path %1$s/tmp/proxy;
				    fastcgi_temp_path %1$s/tmp/fastcgi;
				    uwsgi_temp_path %1$s/tmp/uwsgi;
				    scgi_temp_path %1$s/tmp/scgi;
				    include %1$s/session-cluster.conf;
				}
				""".formatted(this.run));
		this.nginx = new ProcessBuilder(binary, "-p", this.run + "/", "-c", this.run + "/nginx.conf", "-e",
				this.run + "/error.log", "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(this.run.resolve("output.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			assertThat(this.nginx.isAlive()).as(() -> read("output.log")).isTrue();
			return isListening();
		});
	}

	@AfterEach
	void stopNginx() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.destroy();
			this.nginx.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void sessionIdsDoNotReachNginxLogsWhenAReplicaIsDownOrABodyIsTooLarge() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		URI url = URI.create("http://127.0.0.1:" + this.port + "/profile?sid=" + SID);

		HttpResponse<String> down = client.send(HttpRequest.newBuilder(url).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> tooLarge = client.send(
				HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString("x".repeat(300 * 1024))).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		// nginx writes the 413's line once it has drained the body it refused.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(read("output.log")).as("the access log records both")
				.contains("GET /profile HTTP/1.1\" 503")
				.contains("POST /profile HTTP/1.1\" 413"));
		for (String log : List.of("error.log", "output.log")) {
			assertThat(read(log)).as(log).doesNotContain(SID);
		}
	}

	private boolean isListening() {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String read(String log) {
		try {
			Path file = this.run.resolve(log);
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
