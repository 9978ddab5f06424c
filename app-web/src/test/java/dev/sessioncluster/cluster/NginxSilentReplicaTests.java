package dev.sessioncluster.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sessioncluster.test.LocalNginx;
import dev.sessioncluster.test.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a Docker network the address of a killed container does not refuse connections: it
 * stays silent, and nginx's attempt to connect times out ({@code proxy_connect_timeout}).
 * Such a request never reached a replica, so nginx passes it on to the next one, a form
 * post as well as a page. The silent replica here is a listening socket whose accept
 * queue is full, so the kernel drops further connection attempts without an answer.
 */
class NginxSilentReplicaTests {

	@TempDir
	Path dir;

	private final AtomicInteger posts = new AtomicInteger();

	private final AtomicInteger gets = new AtomicInteger();

	private final List<Socket> queued = new ArrayList<>();

	private ServerSocket silent;

	private HttpServer alive;

	private LocalNginx nginx;

	@BeforeEach
	void start() throws IOException {
		this.silent = silentReplica();
		this.alive = replica();
		// The silent replica first: nginx's round robin tries it with the first request.
		this.nginx = LocalNginx.start(this.dir,
				"server 127.0.0.1:" + this.silent.getLocalPort() + " max_fails=1 fail_timeout=5s;\n"
						+ "server 127.0.0.1:" + this.alive.getAddress().getPort() + " max_fails=1 fail_timeout=5s;\n");
	}

	@AfterEach
	void stop() throws Exception {
		if (this.nginx != null) {
			this.nginx.close();
		}
		if (this.alive != null) {
			this.alive.stop(0);
		}
		for (Socket socket : this.queued) {
			socket.close();
		}
		if (this.silent != null) {
			this.silent.close();
		}
	}

	@Test
	void aFormPostMeantForASilentReplicaIsPassedToTheNextOnceItsConnectionTimesOut() throws IOException {
		RawHttp.Response response = RawHttp.exchange(this.nginx.port(), "POST /profile HTTP/1.1", "Host: localhost",
				"Cookie: SESSION=c2Vzc2lvbg", "Content-Type: application/x-www-form-urlencoded", "Content-Length: 0");

		assertThat(response.status()).as(response.raw()).isEqualTo(302);
		assertThat(this.posts).as("sent to the replica that answers, once").hasValue(1);
		assertTriedTheSilentReplicaFirst();
	}

	@Test
	void aPageMeantForASilentReplicaIsPassedToTheNextOnceItsConnectionTimesOut() throws IOException {
		RawHttp.Response response = RawHttp.exchange(this.nginx.port(), "GET /profile HTTP/1.1", "Host: localhost",
				"Cookie: SESSION=c2Vzc2lvbg");

		assertThat(response.status()).as(response.raw()).isEqualTo(200);
		assertThat(this.gets).hasValue(1);
		assertTriedTheSilentReplicaFirst();
	}

	/**
	 * The access log names the replicas a request was sent to, in order, and their
	 * answers: none from the silent one, whose connection timed out (504).
	 */
	private void assertTriedTheSilentReplicaFirst() {
		String tried = "upstream=127.0.0.1:" + this.silent.getLocalPort() + ", 127.0.0.1:"
				+ this.alive.getAddress().getPort() + " upstream_status=504, ";
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Files.readString(this.dir.resolve("output.log"))).contains(tried));
	}

	/**
	 * A socket that listens and never accepts, its queue of one connection filled up:
	 * further connection attempts go unanswered, as towards a container that is gone.
	 */
	private ServerSocket silentReplica() throws IOException {
		ServerSocket server = new ServerSocket();
		server.bind(new InetSocketAddress("127.0.0.1", 0), 1);
		for (int attempt = 0; attempt < 16; attempt++) {
			Socket socket = new Socket();
			try {
				socket.connect(server.getLocalSocketAddress(), 200);
				this.queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return server;
			}
		}
		server.close();
		throw new IllegalStateException("The kernel kept accepting connections into a full queue");
	}

	private HttpServer replica() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			boolean post = "POST".equals(exchange.getRequestMethod());
			(post ? this.posts : this.gets).incrementAndGet();
			exchange.getRequestBody().readAllBytes();
			if (post) {
				exchange.getResponseHeaders().set("Location", "/profile");
				exchange.sendResponseHeaders(302, -1);
			}
			else {
				byte[] body = "<html>signed in</html>".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		server.start();
		return server;
	}

}
