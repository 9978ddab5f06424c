package dev.sessioncluster.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sessioncluster.test.LocalNginx;
import dev.sessioncluster.test.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica answers 503 when the session store is away, and so does every other replica:
 * through nginx with the project's configuration, that answer reaches the visitor as it
 * is, is not sent round the other replicas, and does not count against the replicas, so
 * the first request after the store is back is served. Two stand-in replicas answer 503
 * or 200 as told.
 */
class NginxStoreOutageTests {

	@TempDir
	Path dir;

	private final AtomicBoolean storeAway = new AtomicBoolean(true);

	private final AtomicInteger requests = new AtomicInteger();

	private HttpServer app1;

	private HttpServer app2;

	private LocalNginx nginx;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.close();
		}
		for (HttpServer replica : new HttpServer[] { this.app1, this.app2 }) {
			if (replica != null) {
				replica.stop(0);
			}
		}
	}

	@Test
	void aReplicasStoreOutageAnswerPassesThroughAndServiceResumesAtOnce() throws IOException {
		this.app1 = replica("app1");
		this.app2 = replica("app2");
		this.nginx = LocalNginx.start(this.dir,
				"server 127.0.0.1:" + this.app1.getAddress().getPort() + " max_fails=1 fail_timeout=5s;\n"
						+ "server 127.0.0.1:" + this.app2.getAddress().getPort() + " max_fails=1 fail_timeout=5s;\n");

		for (int i = 0; i < 2; i++) {
			RawHttp.Response away = get();
			assertThat(away.status()).isEqualTo(503);
			assertThat(away.raw()).as("the replica's own page").contains("session store away");
		}
		assertThat(this.requests).as("each request tried on one replica only").hasValue(2);

		this.storeAway.set(false);
		RawHttp.Response back = get();
		assertThat(back.status()).as("served as soon as the store is back, not nginx's own 503 page").isEqualTo(200);
		assertThat(back.raw()).contains("signed in");
	}

	private RawHttp.Response get() {
		return RawHttp.exchange(this.nginx.port(), "GET /profile HTTP/1.1", "Host: localhost",
				"Cookie: SESSION=c2Vzc2lvbg");
	}

	private HttpServer replica(String id) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			boolean away = this.storeAway.get();
			byte[] body = (away ? "<html>session store away</html>" : "<html>signed in</html>")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html");
			exchange.getResponseHeaders().set("X-Served-By", id);
			exchange.sendResponseHeaders(away ? 503 : 200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

}
