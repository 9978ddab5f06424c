package dev.sessioncluster.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file checked statically, with no engine: compose parses it, resolves the
 * YAML anchors and validates it against the Compose schema. Compose v2
 * ({@code docker compose}) and docker-compose 1.29 print the resolved file in different
 * shapes (a command as a list or a string, ports long or short), so the checks read it as
 * YAML and compare the meaning.
 */
class ComposeFileIT {

	@Test
	void composeFileIsValid() throws Exception {
		Map<String, Object> services = services(config());

		for (String replica : List.of("app1", "app2", "app3")) {
			assertThat(map(map(services.get(replica)).get("environment"))).containsEntry("APP_REPLICA_ID", replica);
			assertThat(map(map(services.get(replica)).get("depends_on")).values())
				.allSatisfy((dependency) -> assertThat(map(dependency)).containsEntry("condition", "service_healthy"));
		}
		assertThat(command(services.get("redis"))).contains("--appendonly yes")
			.contains("--hash-max-listpack-value 1024")
			.contains("--maxmemory 256mb --maxmemory-policy noeviction");
	}

	@Test
	void observabilityProfileIsValid() throws Exception {
		Map<String, Object> services = services(config("--profile", "observability"));

		assertThat(map(services.get("prometheus")).get("image").toString()).startsWith("prom/prometheus:");
		assertThat(map(services.get("grafana")).get("image").toString()).startsWith("grafana/grafana:");
		assertThat(map(services.get("prometheus")).get("profiles")).asList().containsExactly("observability");
		assertThat(ports(services.get("prometheus"))).containsExactly("127.0.0.1:9090:9090");
		assertThat(ports(services.get("grafana"))).containsExactly("127.0.0.1:3000:3000");
	}

	private static String config(String... options) throws Exception {
		Path root = Path.of("").toAbsolutePath().getParent();
		List<String> command = new ArrayList<>(compose(root));
		command.addAll(List.of("-f", "docker-compose.yml"));
		command.addAll(List.of(options));
		command.add("config");
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
		builder.redirectError(ProcessBuilder.Redirect.DISCARD);
		// The published ports as the file has them by default.
		builder.environment().remove("SESSION_CLUSTER_PROMETHEUS_PORT");
		builder.environment().remove("SESSION_CLUSTER_GRAFANA_PORT");
		Process config = builder.start();
		String resolved = new String(config.getInputStream().readAllBytes());
		assertThat(config.waitFor()).as(resolved).isZero();
		return resolved;
	}

	private static List<String> compose(Path root) {
		List<String> compose = ComposeProject.composeCommand(root);
		assertThat(compose)
			.as("The compose file check needs Docker Compose: the docker CLI's compose plugin, or "
					+ "Debian/Ubuntu: sudo apt-get install --no-install-recommends docker-compose")
			.isNotNull();
		return compose;
	}

	private static Map<String, Object> services(String resolved) {
		return map(map(new Yaml().load(resolved)).get("services"));
	}

	/**
	 * The command as one line: v2 prints a list, 1.29 the string the file has.
	 */
	private static String command(Object service) {
		Object command = map(service).get("command");
		if (command instanceof List<?> words) {
			return String.join(" ", words.stream().map(String::valueOf).toList());
		}
		return String.valueOf(command).replaceAll("\\s+", " ");
	}

	/**
	 * The published ports as {@code host_ip:published:target}: v2 prints the long syntax,
	 * 1.29 the short one with the protocol.
	 */
	private static List<String> ports(Object service) {
		List<String> ports = new ArrayList<>();
		for (Object port : (List<?>) map(service).get("ports")) {
			if (port instanceof Map<?, ?> binding) {
				ports.add(binding.get("host_ip") + ":" + binding.get("published") + ":" + binding.get("target"));
			}
			else {
				ports.add(port.toString().replaceFirst("/tcp$", ""));
			}
		}
		return ports;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
