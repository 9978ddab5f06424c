package dev.sessioncluster.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import static org.awaitility.Awaitility.await;

/**
 * A Redis server for one test run: a Testcontainers container when Docker is available,
 * otherwise a {@code redis-server} child process on a free port (no persistence, bound to
 * 127.0.0.1). If neither is possible it fails with instructions; it never skips.
 * <p>
 * A test that stops Redis and starts it again on the same port
 * ({@link #startRestartable()}) gets the child process where {@code redis-server} is
 * installed, and otherwise a container whose port is published on a fixed host port, so
 * that stopping and starting the container keeps it.
 */
public final class RedisServer implements AutoCloseable {

	private final GenericContainer<?> container;

	private final int port;

	private final Path workDir;

	private final boolean restartable;

	private Process process;

	private RedisServer(GenericContainer<?> container, int port, Path workDir, boolean restartable) {
		this.container = container;
		this.port = port;
		this.workDir = workDir;
		this.restartable = restartable;
	}

	/**
	 * Starts a server.
	 * @return the running server
	 */
	public static RedisServer start() {
		if (DockerClientFactory.instance().isDockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>(ComposeImages.named("redis")).withExposedPorts(6379);
			container.start();
			return new RedisServer(container, container.getMappedPort(6379), null, false);
		}
		return startRestartable();
	}

	/**
	 * Starts a server that {@link #stopServer()} stops and {@link #restartServer()}
	 * starts again on the same port, empty: a {@code redis-server} child process where
	 * one is installed, else a container.
	 * @return the running server
	 */
	public static RedisServer startRestartable() {
		String binary = LocalTools.findOnPath("redis-server");
		if (binary == null && DockerClientFactory.instance().isDockerAvailable()) {
			return startRestartableContainer();
		}
		if (binary == null) {
			throw new IllegalStateException("These tests need a real Redis, and there is neither Docker nor "
					+ "redis-server on the PATH. Install one: Debian/Ubuntu 'sudo apt-get install redis-server', "
					+ "macOS 'brew install redis', or start Docker.");
		}
		try {
			RedisServer server = new RedisServer(null, LocalTools.freePort(), Files.createTempDirectory("test-redis"),
					true);
			server.restartServer();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server", ex);
		}
	}

	/**
	 * A restartable server in a container even where {@code redis-server} is installed:
	 * the path a machine with only Java and Docker takes. Its port is published on a host
	 * port chosen here: the engine keeps an explicit binding when the container is
	 * stopped and started, where a random one would move.
	 * @return the running server
	 */
	public static RedisServer startRestartableContainer() {
		try {
			int port = LocalTools.freePort();
			GenericContainer<?> container = new GenericContainer<>(ComposeImages.named("redis"))
				.withCommand("redis-server", "--save", "", "--appendonly", "no")
				.withExposedPorts(6379)
				.withCreateContainerCmdModifier((create) -> create.getHostConfig()
					.withPortBindings(new PortBinding(Ports.Binding.bindPort(port), ExposedPort.tcp(6379))));
			container.start();
			RedisServer server = new RedisServer(container, port, null, true);
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(server::answersPing);
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a Redis container", ex);
		}
	}

	public String host() {
		return (this.container != null) ? this.container.getHost() : "127.0.0.1";
	}

	public int port() {
		return this.port;
	}

	/**
	 * Stops the server, keeping its port, to simulate an outage. Only for a server from
	 * {@link #startRestartable()}.
	 */
	public void stopServer() {
		requireRestartable();
		if (this.container != null) {
			DockerClientFactory.instance().client().stopContainerCmd(this.container.getContainerId()).exec();
			return;
		}
		this.process.destroy();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.process.isAlive());
	}

	/**
	 * Starts the server again on the same port, with no keys.
	 */
	public void restartServer() {
		requireRestartable();
		if (this.container != null) {
			InspectContainerResponse.ContainerState state = DockerClientFactory.instance()
				.client()
				.inspectContainerCmd(this.container.getContainerId())
				.exec()
				.getState();
			if (!Boolean.TRUE.equals(state.getRunning())) {
				DockerClientFactory.instance().client().startContainerCmd(this.container.getContainerId()).exec();
			}
		}
		else if (this.process == null || !this.process.isAlive()) {
			try {
				this.process = new ProcessBuilder(
						List.of(LocalTools.findOnPath("redis-server"), "--port", String.valueOf(this.port), "--bind",
								"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.workDir.toString()))
					.redirectErrorStream(true)
					.redirectOutput(this.workDir.resolve("redis.log").toFile())
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start redis-server", ex);
			}
		}
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::answersPing);
	}

	private void requireRestartable() {
		if (!this.restartable) {
			throw new IllegalStateException("Only a server from startRestartable() can be stopped and restarted");
		}
	}

	boolean answersPing() {
		try (Socket socket = new Socket(host(), this.port)) {
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.read(reply);
			return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		if (this.container != null) {
			this.container.stop();
		}
		if (this.process != null) {
			this.process.destroy();
		}
	}

}
