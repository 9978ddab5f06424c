package dev.sessioncluster.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Forces the order in which two replicas' Redis commands run, so that a race between
 * requests happens on every run instead of now and then. It talks to Redis on sockets of
 * its own (never through the application's shared connection, which a paused command
 * would hold up):
 * <ul>
 * <li>{@link #pauseWrites()} holds every write ({@code CLIENT PAUSE ... WRITE}) while
 * reads go on, and {@link #awaitHeldWrites(int)} waits until that many clients are held:
 * a request that reached its first write has done everything before it.</li>
 * <li>{@link #onCommand(Predicate, String...)} watches {@code MONITOR} and sends a
 * command the moment another client's command matches, landing it between that command
 * and the next one of the same request.</li>
 * </ul>
 */
public final class RedisInterleaving implements AutoCloseable {

	private final RedisServer server;

	private final Socket control;

	private final List<Socket> monitors = new ArrayList<>();

	private RedisInterleaving(RedisServer server) {
		this.server = server;
		this.control = open(server);
	}

	public static RedisInterleaving on(RedisServer server) {
		return new RedisInterleaving(server);
	}

	/**
	 * Runs a command on this helper's own connection.
	 * @param args the command and its arguments
	 * @return the reply: a string, a number, {@code null}, or a list of those
	 */
	public Object command(String... args) {
		return call(this.control, args);
	}

	/**
	 * Runs a command whose arguments are bytes (such as {@code RESTORE}).
	 * @param args the command and its arguments
	 * @return the reply
	 */
	public Object command(byte[]... args) {
		return call(this.control, args);
	}

	/**
	 * Holds every write command of every client for up to ten seconds; reads go on.
	 */
	public void pauseWrites() {
		command("CLIENT", "PAUSE", "10000", "WRITE");
	}

	/**
	 * Lets the held writes run, in the order they arrived.
	 */
	public void unpause() {
		command("CLIENT", "UNPAUSE");
	}

	/**
	 * Waits until {@code clients} clients are held at a write.
	 * @param clients how many
	 */
	public void awaitHeldWrites(int clients) {
		await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(5)).until(() -> heldClients() >= clients);
	}

	private long heldClients() {
		String clients = (String) command("CLIENT", "LIST");
		// A client held by the pause is flagged blocked ("b").
		return clients.lines().filter((line) -> line.matches(".* flags=[A-Za-z]*b[A-Za-z]* .*")).count();
	}

	/**
	 * Sends {@code command} once, as soon as a command that another client runs matches
	 * {@code trigger} (a line of {@code MONITOR} output, such as
	 * {@code "hgetall" "spring:session:sessions:…"}).
	 * @param trigger which command to follow
	 * @param command the command to send right after it
	 * @return a handle that tells whether the command was sent
	 */
	public Trigger onCommand(Predicate<String> trigger, String... command) {
		Socket monitor = open(this.server);
		Socket sender = open(this.server);
		this.monitors.add(monitor);
		this.monitors.add(sender);
		call(monitor, "MONITOR");
		Trigger fired = new Trigger();
		Thread watcher = new Thread(() -> {
			try {
				InputStream in = monitor.getInputStream();
				for (String line = readLine(in); line != null; line = readLine(in)) {
					if (trigger.test(line)) {
						call(sender, command);
						fired.sent = true;
						return;
					}
				}
			}
			catch (IOException ex) {
				// Closed by close(): the trigger did not fire.
			}
		}, "redis-interleaving");
		watcher.setDaemon(true);
		watcher.start();
		return fired;
	}

	@Override
	public void close() {
		try {
			command("CLIENT", "UNPAUSE");
		}
		finally {
			closeQuietly(this.control);
			this.monitors.forEach(RedisInterleaving::closeQuietly);
		}
	}

	/** Whether a {@link #onCommand} command was sent. */
	public static final class Trigger {

		private volatile boolean sent;

		/**
		 * Whether the command was sent, waiting a moment for the watcher to record it.
		 * @return {@code true} once it was sent
		 */
		public boolean sent() {
			try {
				await().atMost(Duration.ofSeconds(2)).until(() -> this.sent);
			}
			catch (ConditionTimeoutException ex) {
				return false;
			}
			return true;
		}

	}

	private static Socket open(RedisServer server) {
		try {
			Socket socket = new Socket(server.host(), server.port());
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(15_000);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Object call(Socket socket, String... args) {
		byte[][] bytes = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		return call(socket, bytes);
	}

	private static Object call(Socket socket, byte[]... args) {
		try {
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			for (byte[] arg : args) {
				request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
				request.writeBytes(arg);
				request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			return readReply(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Object readReply(InputStream in) throws IOException {
		String line = readLine(in);
		if (line == null) {
			throw new IOException("Connection closed");
		}
		char type = line.charAt(0);
		String rest = line.substring(1);
		switch (type) {
			case '+':
				return rest;
			case '-':
				throw new IllegalStateException("Redis: " + rest);
			case ':':
				return Long.parseLong(rest);
			case '$': {
				int length = Integer.parseInt(rest);
				if (length < 0) {
					return null;
				}
				byte[] data = in.readNBytes(length + 2);
				return new String(data, 0, length, StandardCharsets.ISO_8859_1);
			}
			case '*': {
				int count = Integer.parseInt(rest);
				if (count < 0) {
					return null;
				}
				List<Object> items = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					items.add(readReply(in));
				}
				return items;
			}
			default:
				throw new IllegalStateException("Unexpected reply: " + line);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next;
			try {
				next = in.read();
			}
			catch (SocketTimeoutException ex) {
				continue;
			}
			if (next < 0) {
				return null;
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing to do.
		}
	}

}
