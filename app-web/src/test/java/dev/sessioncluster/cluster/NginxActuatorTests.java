package dev.sessioncluster.cluster;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sessioncluster.test.LocalNginx;
import dev.sessioncluster.test.RawHttp;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics are for the scraper on each replica's own port, never for the public side:
 * through nginx with the project's configuration, every spelling of a path that reaches
 * {@code /actuator/prometheus} gets no metrics, while health still answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxActuatorTests extends RedisHttpTestSupport {

	@TempDir
	static Path dir;

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

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus", "/actuator//prometheus", "/actuator/prometheus/",
			"/actuator/%70rometheus", "/actuator/./prometheus", "/assets/../actuator/prometheus",
			"/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus", "/actuator/health/..;/prometheus",
			"/actuator/health%2F..%2Fprometheus", "/actuator/health/;/../prometheus", "/actuator/prometheus;x=1",
			"/actuator/prometheus?format=text", "/actuator/metrics", "/actuator/env", "/actuator",
			"/actuator/health%0A", "/actuator/health%0D%0AX-Injected:%201" })
	void noSpellingOfAnActuatorPathButHealthGetsThroughNginx(String path) {
		// As a browser asks: the answer is a page.
		RawHttp.Response response = RawHttp.exchange(this.nginx.port(), "GET " + path + " HTTP/1.1", "Host: localhost",
				"Accept: text/html");

		assertThat(response.status()).as(path).isIn(400, 404);
		assertThat(response.raw()).as(path).doesNotContain("# TYPE").doesNotContain("jvm_").contains("<html");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness" })
	void healthStillAnswersThroughNginx(String path) {
		RawHttp.Response response = get(this.nginx.port(), path);

		assertThat(response.status()).as(path).isEqualTo(200);
		assertThat(response.raw()).as(path).contains("\"status\":\"UP\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus" })
	void theReplicasOwnPortServesTheMetrics(String path) {
		RawHttp.Response response = get(this.port, path);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.raw()).contains("# TYPE http_server_requests_seconds");
	}

	private static RawHttp.Response get(int port, String path) {
		return RawHttp.exchange(port, "GET " + path + " HTTP/1.1", "Host: localhost");
	}

}
