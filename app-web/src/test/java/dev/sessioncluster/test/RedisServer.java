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

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import static org.awaitility.Awaitility.await;

/**
 * A Redis server for one test run: a Testcontainers container when Docker is available,
 * otherwise a {@code redis-server} child process on a free port (no persistence, bound to
 * 127.0.0.1). If neither is possible it fails with instructions; it never skips.
 */
public final class RedisServer implements AutoCloseable {

	private final GenericContainer<?> container;

	private final int port;

	private final Path workDir;

	private Process process;

	private RedisServer(GenericContainer<?> container, int port, Path workDir) {
		this.container = container;
		this.port = port;
		this.workDir = workDir;
	}

	/**
	 * Starts a server.
	 * @return the running server
	 */
	public static RedisServer start() {
		if (DockerClientFactory.instance().isDockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>(ComposeImages.named("redis")).withExposedPorts(6379);
			container.start();
			return new RedisServer(container, container.getMappedPort(6379), null);
		}
		return startChildProcess();
	}

	/**
	 * Starts a {@code redis-server} child process, even where Docker exists: for tests
	 * that stop and restart Redis on the same port.
	 * @return the running server
	 */
	public static RedisServer startChildProcess() {
		String binary = LocalTools.findOnPath("redis-server");
		if (binary == null) {
			throw new IllegalStateException("These tests need a real Redis, and there is neither Docker nor "
					+ "redis-server on the PATH. Install one: Debian/Ubuntu 'sudo apt-get install redis-server', "
					+ "macOS 'brew install redis', or start Docker.");
		}
		try {
			RedisServer server = new RedisServer(null, LocalTools.freePort(), Files.createTempDirectory("test-redis"));
			server.startProcess();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server", ex);
		}
	}

	public String host() {
		return (this.container != null) ? this.container.getHost() : "127.0.0.1";
	}

	public int port() {
		return this.port;
	}

	/**
	 * Stops the server process, keeping its port, to simulate an outage. Only for the
	 * child-process flavour.
	 */
	public void stopProcess() {
		requireProcess();
		this.process.destroy();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.process.isAlive());
	}

	/**
	 * Starts the server process again on the same port.
	 */
	public void startProcess() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
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
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::answersPing);
	}

	private void requireProcess() {
		if (this.process == null) {
			throw new IllegalStateException("Only a redis-server child process can be stopped and restarted");
		}
	}

	private boolean answersPing() {
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
