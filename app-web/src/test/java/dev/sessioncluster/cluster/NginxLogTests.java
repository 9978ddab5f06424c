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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sessioncluster.test.LocalNginx;
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

	private LocalNginx nginx;

	@BeforeEach
	void startNginx() throws Exception {
		// A replica that is down: nothing listens on its port.
		this.nginx = LocalNginx.start(this.run,
				"server 127.0.0.1:" + LocalTools.freePort() + " max_fails=1 fail_timeout=5s;\n");
	}

	@AfterEach
	void stopNginx() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	@Test
	void sessionIdsDoNotReachNginxLogsWhenAReplicaIsDownOrABodyIsTooLarge() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		URI url = URI.create("http://127.0.0.1:" + this.nginx.port() + "/profile?sid=" + SID);

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
