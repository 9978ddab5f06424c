package dev.sessioncluster.web.session.nearcache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay between a client and Redis that can hold up everything Redis sends to the
 * client: replies and invalidation pushes alike, in their order, as a slow or congested
 * network would. What the client sends still reaches Redis at once. Used to make the
 * window that the near cache's lease and commit wait cover certain rather than a matter
 * of microseconds. It can also cut the connections it carries, and keep new ones waiting
 * until told, as a network partition would.
 */
final class RedisRelay implements AutoCloseable {

	private final ServerSocket server;

	private final String redisHost;

	private final int redisPort;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "redis-relay");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Socket> clients = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	/** Guarded by {@link #gate}. */
	private boolean held;

	/** New connections wait for {@link #reconnect()}; guarded by {@link #gate}. */
	private boolean partitioned;

	private RedisRelay(String redisHost, int redisPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.redisHost = redisHost;
		this.redisPort = redisPort;
		this.threads.execute(this::accept);
	}

	static RedisRelay to(String redisHost, int redisPort) {
		try {
			return new RedisRelay(redisHost, redisPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String host() {
		return this.server.getInetAddress().getHostAddress();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Holds up whatever Redis sends from now on, until {@link #release()}: everything
	 * Redis writes after this method returns stays in the relay.
	 */
	void holdWhatRedisSends() {
		synchronized (this.gate) {
			this.held = true;
		}
	}

	/** Passes on what was held up, in order, and everything after it. */
	void release() {
		synchronized (this.gate) {
			this.held = false;
			this.gate.notifyAll();
		}
	}

	/**
	 * Closes every connection it carries, on both sides: whatever Redis sends them from
	 * now on is lost. A new connection waits for {@link #reconnect()}.
	 */
	void cut() {
		synchronized (this.gate) {
			this.partitioned = true;
		}
		closeSockets();
	}

	/**
	 * How many client connections the relay carries now.
	 * @return the count
	 */
	int connections() {
		return (int) this.clients.stream().filter((client) -> !client.isClosed()).count();
	}

	/** Lets new connections through again, after {@link #cut()}. */
	void reconnect() {
		synchronized (this.gate) {
			this.partitioned = false;
			this.gate.notifyAll();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				this.clients.add(client);
				awaitConnected();
				Socket redis = new Socket(this.redisHost, this.redisPort);
				this.sockets.add(redis);
				this.threads.execute(() -> pump(client, redis, false));
				this.threads.execute(() -> pump(redis, client, true));
			}
			catch (IOException ex) {
				// Closed: the relay is done.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void pump(Socket from, Socket to, boolean fromRedis) {
		byte[] buffer = new byte[8192];
		try (from; to) {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				if (fromRedis) {
					// Checked after the read: bytes Redis sent after holdWhatRedisSends()
					// are read after it, so they wait here.
					awaitOpen();
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side closed: closing both (above) ends the other pump too.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitConnected() throws InterruptedException {
		synchronized (this.gate) {
			while (this.partitioned) {
				this.gate.wait();
			}
		}
	}

	private void awaitOpen() throws InterruptedException {
		synchronized (this.gate) {
			while (this.held) {
				this.gate.wait();
			}
		}
	}

	@Override
	public void close() {
		release();
		reconnect();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		closeSockets();
		this.threads.shutdownNow();
	}

	private void closeSockets() {
		for (Socket socket : this.sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}
		this.sockets.clear();
	}

}
