package dev.sessioncluster.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The servers a machine with only Java and Docker gets, run here even where the local
 * binaries exist, so that CI (which has both) keeps that path working: nginx in its image
 * on the host's network in front of a server on 127.0.0.1, with its logs where the tests
 * read them, and a Redis container stopped and started again on the same port.
 */
class DockerOnlyServersIT {

	@BeforeAll
	static void requireDocker() {
		boolean docker = DockerClientFactory.instance().isDockerAvailable();
		if (!docker && Boolean.parseBoolean(System.getenv("SC_REQUIRE_DOCKER"))) {
			throw new IllegalStateException("No Docker engine answers, and SC_REQUIRE_DOCKER=true");
		}
		Assumptions.assumeTrue(docker, "The Docker-only path of the test servers needs a Docker engine");
	}

	@Test
	void nginxInAContainerReachesAServerOnThisMachineAndWritesTheLogsTheTestsRead(@TempDir Path dir) throws Exception {
		HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/", (exchange) -> {
			byte[] body = "<html>from the upstream</html>".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		try (LocalNginx nginx = LocalNginx.startInContainer(dir,
				"server 127.0.0.1:" + upstream.getAddress().getPort() + ";\n")) {
			RawHttp.Response response = RawHttp.exchange(nginx.port(), "GET /about HTTP/1.1", "Host: localhost");

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.raw()).contains("from the upstream");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(Files.readString(dir.resolve("output.log")))
					.as("the access log, from the container's standard output")
					.contains("GET /about HTTP/1.1")
					.contains("upstream=127.0.0.1:" + upstream.getAddress().getPort()));
			assertThat(Files.readString(dir.resolve("error.log"))).as("the error log at level info")
				.contains("start worker process");
		}
		finally {
			upstream.stop(0);
		}
	}

	@Test
	void aRedisContainerStopsAndStartsAgainOnTheSamePort() {
		try (RedisServer redis = RedisServer.startRestartableContainer()) {
			assertThat(redis.answersPing()).isTrue();

			redis.stopServer();
			assertThat(connects(redis)).as("nothing listens while it is stopped").isFalse();

			redis.restartServer();
			assertThat(redis.answersPing()).as("back on port " + redis.port()).isTrue();
		}
	}

	private static boolean connects(RedisServer redis) {
		try (Socket socket = new Socket(redis.host(), redis.port())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
