package dev.sessioncluster.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Drives {@code deploy/local/cluster.sh} for tests: the real topology (redis-server, an
 * H2 server, replica processes of the built jar, nginx) on free ports, in a run folder
 * under {@code target/}. What the tests exercise is the script users run. One cluster
 * serves all the test classes of a run ({@link #shared()}); tests that kill or stop a
 * replica start it again before they end.
 */
public final class LocalCluster implements AutoCloseable {

	/**
	 * Set to {@code true} where the process cluster must run, even on a machine with a
	 * Docker engine.
	 */
	private static final String REQUIRE_LOCAL_CLUSTER = "SC_REQUIRE_LOCAL_CLUSTER";

	private static LocalCluster shared;

	private final Path root;

	private final Path runDir;

	private final int nginxPort;

	private final int basePort;

	private final int replicas;

	private final Map<String, String> environment;

	/**
	 * The cluster of this test run, started on first use and stopped when the JVM exits.
	 * @return the running cluster
	 */
	public static synchronized LocalCluster shared() {
		if (shared == null) {
			try {
				LocalCluster cluster = new LocalCluster(3);
				// A fresh cluster each run: no processes, accounts or sessions from the
				// last one.
				cluster.run("down");
				org.springframework.util.FileSystemUtils.deleteRecursively(cluster.runDir());
				System.out.println(cluster.up());
				Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
				shared = cluster;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return shared;
	}

	/**
	 * A cluster of three replicas under another session strategy, in a run folder of its
	 * own; started, and stopped by {@link #close()}.
	 * @param strategy {@code none}, {@code sticky}, {@code replicated} or
	 * {@code sentinel} ({@code CLUSTER_STRATEGY})
	 * @return the running cluster
	 */
	public static LocalCluster startWithStrategy(String strategy) {
		try {
			LocalCluster cluster = new LocalCluster(3, strategy);
			cluster.run("down");
			org.springframework.util.FileSystemUtils.deleteRecursively(cluster.runDir());
			System.out.println(cluster.up());
			return cluster;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	LocalCluster(int replicas) throws IOException {
		this(replicas, "redis");
	}

	private LocalCluster(int replicas, String strategy) throws IOException {
		this.root = Path.of("").toAbsolutePath().getParent();
		this.runDir = this.root
			.resolve("app-web/target/" + ("redis".equals(strategy) ? "cluster-it" : "cluster-" + strategy + "-it"));
		this.replicas = replicas;
		this.nginxPort = LocalTools.freePort();
		this.basePort = freePortRange(replicas);
		requireTools();
		Path jar = this.root.resolve("app-web/target/session-cluster.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + jar + ": cluster tests run after 'package' (./mvnw verify)");
		}
		this.environment = Map.of("CLUSTER_PORT", String.valueOf(this.nginxPort), "CLUSTER_REPLICAS",
				String.valueOf(replicas), "CLUSTER_BASE_PORT", String.valueOf(this.basePort), "CLUSTER_REDIS_PORT",
				String.valueOf(freePortRange(2)), "CLUSTER_H2_PORT", String.valueOf(LocalTools.freePort()),
				"CLUSTER_SENTINEL_PORT", String.valueOf(freePortRange(3)), "CLUSTER_REPLICATION_PORT",
				String.valueOf(freePortRange(replicas + 1)), "CLUSTER_STRATEGY", strategy, "CLUSTER_RUN_DIR",
				this.runDir.toString(), "CLUSTER_JAR", jar.toString());
	}

	public int port() {
		return this.nginxPort;
	}

	public int redisPort() {
		return Integer.parseInt(this.environment.get("CLUSTER_REDIS_PORT"));
	}

	/**
	 * Runs one command on the cluster's Redis with {@code redis-cli}.
	 * @param command the command and its arguments
	 * @return what {@code redis-cli} printed, trimmed
	 */
	public String redis(String... command) {
		List<String> line = new ArrayList<>(
				List.of(LocalTools.findOnPath("redis-cli"), "-p", String.valueOf(redisPort())));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (process.waitFor() != 0) {
				throw new IllegalStateException("redis-cli " + String.join(" ", command) + ": " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int replicaPort(int replica) {
		return this.basePort + replica - 1;
	}

	public Path runDir() {
		return this.runDir;
	}

	public Path root() {
		return this.root;
	}

	public String up() {
		return run("up");
	}

	public String kill(int replica) {
		return run("kill", String.valueOf(replica));
	}

	public String stop(int replica) {
		return run("stop", String.valueOf(replica));
	}

	public String start(int replica) {
		return run("start", String.valueOf(replica));
	}

	/**
	 * A rolling deploy: the replicas restarted one by one onto {@code jar}.
	 * @param jar the release to roll onto
	 * @return what the script printed
	 */
	public String rolling(Path jar) {
		// Each replica is stopped and started in turn: give each the time one start may
		// take on a busy machine.
		return run(Duration.ofMinutes(5L * this.replicas), "rolling", jar.toString());
	}

	/**
	 * The jar the replicas were started from.
	 * @return its path
	 */
	public Path jar() {
		return Path.of(this.environment.get("CLUSTER_JAR"));
	}

	/**
	 * SIGKILLs the Redis primary; under {@code sentinel}, waits for the failover.
	 * @return what the script printed
	 */
	public String redisKill() {
		return run(Duration.ofMinutes(2), "redis-kill");
	}

	public String redisStop() {
		return run("redis-stop");
	}

	public String redisStart() {
		return run("redis-start");
	}

	/**
	 * The base URL of nginx.
	 * @return the URL
	 */
	public String url() {
		return "http://127.0.0.1:" + this.nginxPort;
	}

	/**
	 * The replica number of a replica id ({@code app2} is 2).
	 * @param replicaId the id
	 * @return the number
	 */
	public static int number(String replicaId) {
		return Integer.parseInt(replicaId.substring("app".length()));
	}

	/**
	 * Runs the script.
	 * @param arguments the command and its arguments
	 * @return what it printed
	 */
	public String run(String... arguments) {
		return run(Duration.ofMinutes(5), arguments);
	}

	private String run(Duration timeout, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.root.resolve("deploy/local/cluster.sh").toString());
		command.addAll(List.of(arguments));
		try {
			Files.createDirectories(this.runDir);
			File output = Files.createTempFile(this.runDir, "cluster-sh-", ".log").toFile();
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " timed out");
			}
			String printed = Files.readString(output.toPath());
			Files.delete(output.toPath());
			if (process.exitValue() != 0) {
				throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " failed ("
						+ process.exitValue() + "):\n" + printed);
			}
			return printed;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		run("down");
	}

	/**
	 * Fails with what to install where nginx or redis-server is missing. On a machine
	 * with a Docker engine instead, the tests skip with the reason: there the same
	 * topology runs on the engine (the compose tests).
	 * {@code SC_REQUIRE_LOCAL_CLUSTER=true} (set by CI) makes them fail there too.
	 */
	private static void requireTools() {
		List<String> missing = new ArrayList<>();
		for (String command : List.of("redis-server", "redis-cli", "nginx", "curl")) {
			if (LocalTools.findOnPath(command) == null) {
				missing.add(command);
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		String message = "The process cluster tests need " + String.join(", ", missing)
				+ ". Debian/Ubuntu: sudo apt-get install redis-server nginx curl; macOS: brew install redis nginx";
		if (!Boolean.parseBoolean(System.getenv(REQUIRE_LOCAL_CLUSTER))
				&& DockerClientFactory.instance().isDockerAvailable()) {
			Assumptions.abort(message + ". Skipped: this machine has a Docker engine, on which the compose tests "
					+ "(ComposeIT, ComposeStrategiesIT) run the same topology.");
		}
		throw new IllegalStateException(message);
	}

	/**
	 * The first of {@code count} consecutive free ports.
	 */
	private static int freePortRange(int count) throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			int first = LocalTools.freePort();
			if (first + count > 65535) {
				continue;
			}
			boolean allFree = true;
			for (int port = first + 1; port < first + count && allFree; port++) {
				try (ServerSocket socket = new ServerSocket(port)) {
					allFree = true;
				}
				catch (IOException ex) {
					allFree = false;
				}
			}
			if (allFree) {
				return first;
			}
		}
		throw new IllegalStateException("No range of " + count + " free ports");
	}

}
