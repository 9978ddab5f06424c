package dev.sessioncluster.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the compose file is checked statically: docker-compose
 * parses it, resolves the YAML anchors and validates it against the Compose schema.
 */
class ComposeFileIT {

	@Test
	void composeFileIsValid() throws Exception {
		String resolved = config();

		assertThat(resolved).contains("APP_REPLICA_ID: app1")
			.contains("APP_REPLICA_ID: app2")
			.contains("APP_REPLICA_ID: app3")
			.contains("condition: service_healthy")
			.contains("appendonly yes")
			.containsPattern("hash-max-listpack-value\\s+1024")
			.containsPattern("maxmemory\\s+256mb\\s+--maxmemory-policy\\s+noeviction");
	}

	@Test
	void observabilityProfileIsValid() throws Exception {
		String resolved = config("--profile", "observability");

		assertThat(resolved).contains("image: prom/prometheus:")
			.contains("image: grafana/grafana:")
			.contains("- observability")
			.contains("127.0.0.1:9090:9090")
			.contains("127.0.0.1:3000:3000");
	}

	private static String config(String... options) throws Exception {
		Path root = Path.of("").toAbsolutePath().getParent();
		String compose = Optional.ofNullable(LocalTools.findOnPath("docker-compose"))
			.orElseThrow(() -> new IllegalStateException("The compose file check needs docker-compose. Debian/Ubuntu: "
					+ "sudo apt-get install --no-install-recommends docker-compose; or install Docker Compose"));
		List<String> command = new ArrayList<>(List.of(compose, "-f", "docker-compose.yml"));
		command.addAll(List.of(options));
		command.add("config");
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
		// The published ports as the file has them by default.
		builder.environment().remove("SESSION_CLUSTER_PROMETHEUS_PORT");
		builder.environment().remove("SESSION_CLUSTER_GRAFANA_PORT");
		Process config = builder.start();
		String resolved = new String(config.getInputStream().readAllBytes());
		assertThat(config.waitFor()).as(resolved).isZero();
		return resolved;
	}

}
