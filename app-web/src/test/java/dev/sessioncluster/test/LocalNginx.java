package dev.sessioncluster.test;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * nginx with the project's own {@code nginx/session-cluster.conf}, on a free port of
 * 127.0.0.1, in front of the upstream servers a test names; everything it writes stays in
 * one folder ({@code error.log}, and its standard output, the access log, in
 * {@code output.log}).
 */
public final class LocalNginx implements AutoCloseable {

	private final Process process;

	private final int port;

	private LocalNginx(Process process, int port) {
		this.process = process;
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
		assertThat(binary)
			.as("These tests need nginx. Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx")
			.isNotNull();
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
		// Main level info: at least what either deployment writes, so a test sees it all.
		Files.writeString(dir.resolve("nginx.conf"), """
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log info;
				events { worker_connections 64; }
				http {
				    client_body_temp_path %1$s/tmp/client_body;
				    proxy_temp_path %1$s/tmp/proxy;
				    fastcgi_temp_path %1$s/tmp/fastcgi;
				    uwsgi_temp_path %1$s/tmp/uwsgi;
				    scgi_temp_path %1$s/tmp/scgi;
				    include %1$s/session-cluster.conf;
				}
				""".formatted(dir));
		Path output = dir.resolve("output.log");
		Process process = new ProcessBuilder(binary, "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(), "-e",
				dir.resolve("error.log").toString(), "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		LocalNginx nginx = new LocalNginx(process, port);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			assertThat(process.isAlive()).as(() -> read(output)).isTrue();
			return nginx.accepts();
		});
		return nginx;
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
		this.process.destroy();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

}
