package dev.sessioncluster.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The project's {@code docker-compose.yml} as one Compose project with a name of its own,
 * driven through the same command line a user types: {@code docker compose} (v2) where
 * the plugin is installed, otherwise {@code docker-compose} (v1.29, what Debian ships).
 * Its own project name keeps its containers, network and volumes apart from a
 * {@code docker compose up} the user may have running; {@code SESSION_CLUSTER_PORT}
 * publishes nginx on a free port instead of 8080, and {@code SESSION_CLUSTER_SUBNET}
 * gives it a network of its own.
 */
final class ComposeProject {

	/** Set in CI: no Docker engine there is a failure, not a reason to skip. */
	static final String REQUIRE_DOCKER = "SC_REQUIRE_DOCKER";

	private final Path root;

	private final String name;

	private final List<String> compose;

	/** docker-compose.yml, then the override files, each after {@code -f}. */
	private final List<String> files = new ArrayList<>();

	private final Map<String, String> environment = new HashMap<>();

	private ComposeProject(Path root, String name, List<String> compose, int port, List<String> overrides) {
		this.root = root;
		this.name = name;
		this.compose = compose;
		for (String file : concat("docker-compose.yml", overrides)) {
			this.files.addAll(List.of("-f", file));
		}
		this.environment.put("COMPOSE_PROJECT_NAME", name);
		this.environment.put("SESSION_CLUSTER_PORT", String.valueOf(port));
		// A subnet of its own: the compose file fixes one, and two projects cannot share
		// it.
		this.environment.put("SESSION_CLUSTER_SUBNET", "172.30." + ThreadLocalRandom.current().nextInt(1, 255));
		// docker-compose 1.29 builds through the docker CLI with BuildKit only when asked
		// (the Dockerfile's cache mount needs BuildKit); compose v2 ignores both.
		this.environment.put("DOCKER_BUILDKIT", "1");
		this.environment.put("COMPOSE_DOCKER_CLI_BUILD", "1");
	}

	/**
	 * A project for the repository's compose file, or the reason there cannot be one here
	 * (no docker CLI, no compose, no engine answering).
	 * @param name the project name
	 * @param port the port nginx is published on
	 * @param overrides override files after docker-compose.yml, relative to the
	 * repository (such as {@code deploy/strategies/sticky.yml})
	 * @return the project
	 * @throws Unavailable if Docker cannot run it on this machine
	 */
	static ComposeProject create(String name, int port, String... overrides) throws Unavailable {
		Path root = Path.of("").toAbsolutePath().getParent();
		if (LocalTools.findOnPath("docker") == null) {
			throw new Unavailable("no docker command on the PATH");
		}
		Result info = run(root, Map.of(), Duration.ofSeconds(30),
				List.of("docker", "info", "--format", "{{.ServerVersion}}"));
		if (!info.ok()) {
			throw new Unavailable("no Docker engine answers (docker info: " + info.output().strip() + ")");
		}
		List<String> compose = composeCommand(root);
		if (compose == null) {
			throw new Unavailable("neither 'docker compose' nor docker-compose is installed");
		}
		return new ComposeProject(root, name, compose, port, List.of(overrides));
	}

	/**
	 * {@code docker compose} where the docker CLI has the plugin, else docker-compose
	 * 1.29; needs no engine.
	 * @param root the repository
	 * @return the command, or {@code null} where neither is installed
	 */
	static List<String> composeCommand(Path root) {
		if (LocalTools.findOnPath("docker") != null
				&& run(root, Map.of(), Duration.ofSeconds(30), List.of("docker", "compose", "version")).ok()) {
			return List.of("docker", "compose");
		}
		return (LocalTools.findOnPath("docker-compose") != null) ? List.of("docker-compose") : null;
	}

	/**
	 * Like {@link #create}, for a single test: where Docker cannot run the project the
	 * test is skipped with the reason, or fails where {@code SC_REQUIRE_DOCKER=true}.
	 * @param name the project name
	 * @param port the port nginx is published on
	 * @param overrides override files after docker-compose.yml
	 * @return the project
	 */
	static ComposeProject createOrSkip(String name, int port, String... overrides) {
		try {
			return create(name, port, overrides);
		}
		catch (Unavailable ex) {
			if (dockerRequired()) {
				throw new IllegalStateException(ex.getMessage(), ex);
			}
			return Assumptions.abort(ex.getMessage());
		}
	}

	/**
	 * Whether a machine without Docker fails the Docker tests instead of skipping them.
	 */
	static boolean dockerRequired() {
		return Boolean.parseBoolean(System.getenv(REQUIRE_DOCKER));
	}

	String name() {
		return this.name;
	}

	/**
	 * {@code docker compose ARGS} for this project.
	 * @param timeout how long it may take
	 * @param args the arguments after {@code compose}
	 * @return what it printed and its exit code
	 */
	Result compose(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(this.compose);
		command.addAll(this.files);
		command.addAll(List.of(args));
		return run(this.root, this.environment, timeout, command);
	}

	/**
	 * Like {@link #compose}, but a non-zero exit fails with the command's output.
	 * @param timeout how long it may take
	 * @param args the arguments after {@code compose}
	 * @return what it printed
	 */
	String composeOrFail(Duration timeout, String... args) {
		return orFail(compose(timeout, args), "compose " + String.join(" ", args));
	}

	/**
	 * {@code docker ARGS}; a non-zero exit fails with the command's output.
	 * @param args the arguments after {@code docker}
	 * @return what it printed, stripped
	 */
	String docker(String... args) {
		List<String> command = new ArrayList<>(List.of("docker"));
		command.addAll(List.of(args));
		return orFail(run(this.root, this.environment, Duration.ofMinutes(2), command),
				"docker " + String.join(" ", args))
			.strip();
	}

	/**
	 * The id of the service's container.
	 * @param service the service
	 * @return the container id
	 */
	String containerId(String service) {
		String id = composeOrFail(Duration.ofMinutes(1), "ps", "-q", service).strip();
		if (id.isEmpty()) {
			throw new IllegalStateException("No container for " + service + " in " + this.name);
		}
		return id;
	}

	/**
	 * The service container's health as Docker reports it.
	 * @param service the service
	 * @return {@code starting}, {@code healthy}, {@code unhealthy}, or the container's
	 * state when it is not running
	 */
	String health(String service) {
		String id = compose(Duration.ofMinutes(1), "ps", "-q", service).output().strip();
		if (id.isEmpty()) {
			return "absent";
		}
		return docker("inspect", "--format",
				"{{if .State.Running}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", id);
	}

	/**
	 * Waits until Docker reports every one of the services healthy.
	 * @param atMost how long they may take
	 * @param services the services
	 */
	void awaitHealthy(Duration atMost, List<String> services) {
		await().atMost(atMost)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(services.stream().map(this::health).toList())
				.as(() -> services + " in " + this.name + "\n" + compose(Duration.ofMinutes(1), "ps").output())
				.containsOnly("healthy"));
	}

	/**
	 * What Docker holds for this project, found by the label Compose puts on everything
	 * it creates.
	 * @return containers, networks and volumes, one per line; empty when nothing is left
	 */
	String leftovers() {
		String label = "label=com.docker.compose.project=" + this.name;
		return (docker("ps", "-a", "--filter", label, "--format", "container {{.Names}}") + "\n"
				+ docker("network", "ls", "--filter", label, "--format", "network {{.Name}}") + "\n"
				+ docker("volume", "ls", "--filter", label, "--format", "volume {{.Name}}"))
			.strip();
	}

	private String orFail(Result result, String what) {
		if (!result.ok()) {
			throw new IllegalStateException(what + " exited with " + result.exitCode() + ":\n" + result.output() + "\n"
					+ compose(Duration.ofMinutes(1), "ps").output() + "\nLast lines of each service:\n"
					+ compose(Duration.ofMinutes(1), "logs", "--tail", "3").output() + "\n" + restarts());
		}
		return result.output();
	}

	/**
	 * The containers that exited or restarted, with how and the errors they logged: a
	 * replica that died while starting is restarted by its policy, and its last lines
	 * then show only the new start.
	 */
	private String restarts() {
		StringBuilder report = new StringBuilder();
		String format = "{{.Name}} {{.RestartCount}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}} {{.State.Status}}";
		String ids = run(this.root, this.environment, Duration.ofMinutes(1),
				List.of("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + this.name))
			.output()
			.strip();
		for (String id : ids.isEmpty() ? List.<String>of() : List.of(ids.split("\\s+"))) {
			String state = run(this.root, this.environment, Duration.ofMinutes(1),
					List.of("docker", "inspect", "-f", format, id))
				.output()
				.strip();
			String[] fields = state.split(" ");
			if (fields.length < 2 || ("0".equals(fields[1]) && state.endsWith("running"))) {
				continue;
			}
			report.append(state).append(" (restarts, exit code, killed for memory, status); its errors:\n");
			run(this.root, this.environment, Duration.ofMinutes(1), List.of("docker", "logs", id)).output()
				.lines()
				.filter((line) -> line.contains("ERROR") || line.contains("APPLICATION FAILED")
						|| line.startsWith("Caused by"))
				.limit(20)
				.forEach((line) -> report.append("  ").append(line).append('\n'));
		}
		return report.isEmpty() ? "No container exited or restarted." : report.toString();
	}

	private static List<String> concat(String first, List<String> rest) {
		List<String> all = new ArrayList<>(List.of(first));
		all.addAll(rest);
		return all;
	}

	private static Result run(Path directory, Map<String, String> environment, Duration timeout, List<String> command) {
		try {
			File output = Files.createTempFile("compose", ".log").toFile();
			try {
				ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output);
				builder.environment().putAll(environment);
				Process process = builder.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					return new Result(-1, String.join(" ", command) + ": no answer within " + timeout.toSeconds()
							+ " s\n" + Files.readString(output.toPath(), StandardCharsets.UTF_8));
				}
				return new Result(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output.toPath());
			}
		}
		catch (IOException ex) {
			return new Result(-1, String.join(" ", command) + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A command's exit code and output.
	 *
	 * @param exitCode the exit code, {@code -1} if it did not finish or start
	 * @param output what it printed (stdout and stderr)
	 */
	record Result(int exitCode, String output) {

		boolean ok() {
			return this.exitCode == 0;
		}

	}

	/**
	 * Docker cannot run the compose project on this machine.
	 */
	static final class Unavailable extends Exception {

		Unavailable(String reason) {
			super("Docker cannot run the compose project: " + reason
					+ ". Install Docker (Debian/Ubuntu: sudo apt-get install docker.io docker-compose) and start it.");
		}

	}

}
