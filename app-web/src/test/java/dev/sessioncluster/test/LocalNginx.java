package dev.sessioncluster.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * nginx with the project's own {@code nginx/session-cluster.conf}, on a free port of
 * 127.0.0.1, in front of the upstream servers a test names; everything it writes stays in
 * one folder ({@code error.log}, and its standard output, the access log, in
 * {@code output.log}).
 * <p>
 * Where the machine has an nginx binary it runs as a child process. Otherwise, where a
 * Docker engine answers, it runs in the image {@code docker-compose.yml} names, on the
 * host's network (a Linux engine, or Docker Desktop with host networking turned on), so
 * that it reaches the upstream servers on this machine's 127.0.0.1 as the process does;
 * its output is copied into the same two files.
 */
public final class LocalNginx implements AutoCloseable {

	private final Stop stop;

	private final int port;

	private LocalNginx(Stop stop, int port) {
		this.stop = stop;
		this.port = port;
	}

	/**
	 * Starts nginx and waits until it accepts connections.
	 * @param dir the folder for its configuration, temporary files and logs
	 * @param upstreamServers the {@code server} lines of the upstream block
	 * @return the running nginx
	 * @throws IOException if a file cannot be written or nginx cannot start
	 */
	public static LocalNginx start(Path dir, String upstreamServers) throws IOException {
		String binary = LocalTools.findOnPath("nginx");
		if (binary == null) {
			assertThat(DockerClientFactory.instance().isDockerAvailable())
				.as("These tests need nginx, or a Docker engine to run it in. Debian/Ubuntu: sudo apt-get install "
						+ "nginx; macOS: brew install nginx")
				.isTrue();
		}
		return start(dir, upstreamServers, binary);
	}

	/**
	 * Starts nginx in a container even where the machine has the binary: the path a
	 * machine with only Java and Docker takes.
	 * @param dir the folder for its configuration, temporary files and logs
	 * @param upstreamServers the {@code server} lines of the upstream block
	 * @return the running nginx
	 * @throws IOException if a file cannot be written or nginx cannot start
	 */
	public static LocalNginx startInContainer(Path dir, String upstreamServers) throws IOException {
		return start(dir, upstreamServers, null);
	}

	/**
	 * Starts the binary, or a container where {@code binary} is {@code null}.
	 */
	private static LocalNginx start(Path dir, String upstreamServers, String binary) throws IOException {
		boolean container = binary == null;
		int port = LocalTools.freePort();
		Files.writeString(dir.resolve("session-cluster.conf"),
				Files.readString(Path.of("..", "nginx", "session-cluster.conf"))
					.replaceAll("(?m)^( *)listen 8080;", "$1listen 127.0.0.1:" + port + ";"));
		Files.writeString(dir.resolve("upstream-servers.conf"), upstreamServers);
		Files.copy(Path.of("..", "nginx", "balancing.conf"), dir.resolve("balancing.conf"),
				StandardCopyOption.REPLACE_EXISTING);
		// Workers run as an unprivileged user when the master is root.
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(Files.createDirectories(dir.resolve("tmp")),
				PosixFilePermissions.fromString("rwxrwxrwx"));
		// A container's error log is its standard error, which is copied into error.log.
		String errorLog = container ? "stderr" : dir.resolve("error.log").toString();
		// Main level info: at least what either deployment writes, so a test sees it all.
		Files.writeString(dir.resolve("nginx.conf"), """
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %2$s info;
				events { worker_connections 64; }
				http {
				    client_body_temp_path %1$s/tmp/client_body;
				    proxy_temp_path %1$s/tmp/proxy;
				    fastcgi_temp_path %1$s/tmp/fastcgi;
				    uwsgi_temp_path %1$s/tmp/uwsgi;
				    scgi_temp_path %1$s/tmp/scgi;
				    include %1$s/session-cluster.conf;
				}
				""".formatted(dir, errorLog));
		List<String> command = List.of("nginx", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(), "-e",
				errorLog, "-g", "daemon off;");
		Path output = dir.resolve("output.log");
		LocalNginx nginx;
		BooleanSupplier alive;
		if (container) {
			GenericContainer<?> server = inContainer(dir, command, output);
			nginx = new LocalNginx(server::stop, port);
			alive = server::isRunning;
		}
		else {
			List<String> processCommand = new ArrayList<>(command);
			processCommand.set(0, binary);
			Process process = new ProcessBuilder(processCommand).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			nginx = new LocalNginx(() -> {
				process.destroy();
				process.waitFor(10, TimeUnit.SECONDS);
			}, port);
			alive = process::isAlive;
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			assertThat(alive.getAsBoolean()).as(() -> read(output)).isTrue();
			return nginx.accepts();
		});
		return nginx;
	}

	/**
	 * nginx in a container that sees the folder's files at the same path (copied in, so
	 * it works where the engine cannot mount this machine's folders) and shares the
	 * host's network; standard output goes to {@code output.log}, standard error to both
	 * files.
	 */
	private static GenericContainer<?> inContainer(Path dir, List<String> command, Path output) throws IOException {
		Path errors = dir.resolve("error.log");
		Files.writeString(output, "");
		Files.writeString(errors, "");
		GenericContainer<?> server = new GenericContainer<>(ComposeImages.named("nginx")).withNetworkMode("host")
			.withCommand(containerCommand(dir, command))
			.withLogConsumer((frame) -> {
				append(output, frame.getBytes());
				if (frame.getType() == OutputFrame.OutputType.STDERR) {
					append(errors, frame.getBytes());
				}
			});
		for (String file : List.of("nginx.conf", "session-cluster.conf", "upstream-servers.conf", "balancing.conf")) {
			server.withCopyToContainer(MountableFile.forHostPath(dir.resolve(file), 0644),
					dir.resolve(file).toString());
		}
		server.start();
		return server;
	}

	/**
	 * The command behind a shell that first makes the temporary files' folder.
	 */
	private static String[] containerCommand(Path dir, List<String> command) {
		List<String> line = new ArrayList<>(
				List.of("sh", "-c", "mkdir -p -m 777 \"$0/tmp\" && exec \"$@\"", dir.toString()));
		line.addAll(command);
		return line.toArray(String[]::new);
	}

	private static void append(Path file, byte[] bytes) {
		if (bytes == null) {
			return;
		}
		try {
			Files.write(file, bytes, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	private boolean accepts() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.stop.stop();
	}

	/**
	 * How the process or the container is stopped.
	 */
	@FunctionalInterface
	private interface Stop {

		void stop() throws InterruptedException;

	}

}
