package dev.sessioncluster.cluster;

import java.nio.file.Path;
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
		Path root = Path.of("").toAbsolutePath().getParent();
		String compose = Optional.ofNullable(LocalTools.findOnPath("docker-compose"))
			.orElseThrow(() -> new IllegalStateException("The compose file check needs docker-compose. Debian/Ubuntu: "
					+ "sudo apt-get install --no-install-recommends docker-compose; or install Docker Compose"));

		Process config = new ProcessBuilder(compose, "-f", "docker-compose.yml", "config").directory(root.toFile())
			.redirectErrorStream(true)
			.start();
		String resolved = new String(config.getInputStream().readAllBytes());

		assertThat(config.waitFor()).as(resolved).isZero();
		assertThat(resolved).contains("APP_REPLICA_ID: app1")
			.contains("APP_REPLICA_ID: app2")
			.contains("APP_REPLICA_ID: app3")
			.contains("condition: service_healthy")
			.contains("appendonly yes")
			.containsPattern("hash-max-listpack-value\\s+1024")
			.containsPattern("maxmemory\\s+256mb\\s+--maxmemory-policy\\s+noeviction");
	}

}
