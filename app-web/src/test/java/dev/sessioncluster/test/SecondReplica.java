package dev.sessioncluster.test;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sessioncluster.SessionClusterApplication;

/**
 * A second instance of the application in the test JVM, on its own port, sharing the test
 * Redis and the in-memory database with the test's own instance: two replicas.
 */
public final class SecondReplica implements AutoCloseable {

	/** The replica id of the second instance; the first is {@code replica-a}. */
	public static final String ID = "replica-b";

	private final ConfigurableApplicationContext context;

	private SecondReplica(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the second instance.
	 * @param properties extra properties, as {@code name=value}
	 * @return the running instance
	 */
	public static SecondReplica start(String... properties) {
		RedisServer redis = RedisServerExtension.server();
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--app.replica-id=" + ID, "--app.url-session.enabled=true",
						"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
						"--server.tomcat.remoteip.internal-proxies=" + RedisHttpTestSupport.TRUSTED_PROXY));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SecondReplica(
				new SpringApplicationBuilder(SessionClusterApplication.class).run(args.toArray(String[]::new)));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
