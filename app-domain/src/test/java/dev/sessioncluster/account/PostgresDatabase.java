package dev.sessioncluster.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL database for tests: a Testcontainers container when Docker is available,
 * otherwise the server at {@code TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}, trust auth). Each
 * instance works in a schema of its own, dropped by {@link #close()}, so runs never see
 * each other's rows.
 */
public final class PostgresDatabase implements AutoCloseable {

	private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private final PostgreSQLContainer container;

	private final String baseUrl;

	private final String username;

	private final String password;

	private final String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private PostgresDatabase(PostgreSQLContainer container, String baseUrl, String username, String password) {
		this.container = container;
		this.baseUrl = baseUrl;
		this.username = username;
		this.password = password;
	}

	public static PostgresDatabase start() {
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer(composeImage("postgres"));
			// Ready when it answers over TCP, as clients connect: on a
			// first start the image initialises the database on a
			// temporary server that listens on its Unix socket only.
			// The same check as docker-compose.yml's health check.
			container.waitingFor(Wait.forSuccessfulCommand("pg_isready -h 127.0.0.1 -U " + container.getUsername())
				.withStartupTimeout(Duration.ofMinutes(2)));
			// The tests store text outside ASCII: a UTF-8 database,
			// whatever locale the image initialises with by default.
			container.withEnv("LANG", "C.UTF-8");
			container.start();
			return new PostgresDatabase(container, container.getJdbcUrl(), container.getUsername(),
					container.getPassword());
		}
		String url = env("TEST_POSTGRES_URL", DEFAULT_URL);
		PostgresDatabase database = new PostgresDatabase(null, url, env("TEST_POSTGRES_USER", "postgres"),
				env("TEST_POSTGRES_PASSWORD", ""));
		try (Connection connection = database.connect()) {
			return database;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No Docker, and no PostgreSQL at " + url + " (" + ex.getMessage()
					+ "). Install and start one (Debian/Ubuntu: apt-get install postgresql; macOS: brew install "
					+ "postgresql) or set TEST_POSTGRES_URL, TEST_POSTGRES_USER and TEST_POSTGRES_PASSWORD.", ex);
		}
	}

	/**
	 * The JDBC URL with this instance's schema as the current schema.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return this.baseUrl + (this.baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + this.schema;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	public String schema() {
		return this.schema;
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.baseUrl, this.username, this.password);
	}

	@Override
	public void close() throws SQLException {
		if (this.container != null) {
			this.container.stop();
			return;
		}
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + this.schema + " cascade");
		}
	}

	/**
	 * The image {@code docker-compose.yml} names for {@code repository}: that file is the
	 * one place for the servers' versions (app-web's tests read it the same way).
	 */
	private static String composeImage(String repository) {
		Path file = Path.of("").toAbsolutePath().getParent().resolve("docker-compose.yml");
		try {
			Matcher image = Pattern.compile("(?m)^\\s*image:\\s*(" + Pattern.quote(repository) + ":[^\\s#]+)")
				.matcher(Files.readString(file));
			if (!image.find()) {
				throw new IllegalStateException("No " + repository + " image in " + file);
			}
			return image.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The tests read their image versions from " + file, ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
