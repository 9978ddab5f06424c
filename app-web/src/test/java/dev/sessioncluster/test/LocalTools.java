package dev.sessioncluster.test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Small facts about the local machine that tests need: where a program is, a free port, a
 * name no other test uses.
 */
public final class LocalTools {

	/**
	 * The range {@link #freePort()} picks from: listeners only, no outgoing connections.
	 */
	private static final int FIRST_PORT = 20000;

	private static final int LAST_PORT = 32000;

	private LocalTools() {
	}

	/**
	 * The absolute path of {@code command} on the {@code PATH}, or in {@code /usr/sbin}
	 * and {@code /usr/local/sbin} (nginx lives there on Debian, off many users' PATH).
	 * @param command the program's name
	 * @return its path, or {@code null} if it is not installed
	 */
	public static String findOnPath(String command) {
		List<String> dirs = new ArrayList<>(
				List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
		for (String dir : dirs) {
			File candidate = new File(dir, command);
			if (!dir.isEmpty() && candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	/**
	 * A TCP port that was free a moment ago, below the kernel's range of ephemeral ports
	 * (Linux 32768-60999, macOS 49152-65535). A port from that range, as
	 * {@code new ServerSocket(0)} gives, may be handed to one of the many outgoing
	 * connections a starting cluster opens before the server meant for it binds it.
	 * @return the port
	 * @throws IOException if none of the ports tried is free
	 */
	public static int freePort() throws IOException {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(LAST_PORT - FIRST_PORT);
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException ex) {
				// In use: try another.
			}
		}
		throw new IOException("No free port between " + FIRST_PORT + " and " + LAST_PORT);
	}

	/**
	 * A username no other test uses.
	 * @param prefix a readable prefix
	 * @return a unique username
	 */
	public static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
