package dev.sessioncluster.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Gives tests a real Redis ({@link RedisServer}) shared by the whole test run and stopped
 * when the run ends. Spring tests read its address through {@link #server()} in a
 * {@code @DynamicPropertySource}; that call starts the server on first use, so the order
 * in which JUnit runs extensions does not matter.
 */
public final class RedisServerExtension implements BeforeAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(RedisServerExtension.class);

	private static RedisServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		RedisServer running = server();
		// The root store closes AutoCloseable values when the test run ends.
		context.getRoot().getStore(NAMESPACE).computeIfAbsent(RedisServer.class, (key) -> running);
	}

	/**
	 * The shared server, started on first use.
	 * @return the running server
	 */
	public static synchronized RedisServer server() {
		if (server == null) {
			server = RedisServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		}
		return server;
	}

}
