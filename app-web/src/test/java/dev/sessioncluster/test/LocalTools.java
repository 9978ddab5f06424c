package dev.sessioncluster.test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Small facts about the local machine that tests need: where a program is, a free port, a
 * name no other test uses.
 */
public final class LocalTools {

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
	 * A TCP port that was free a moment ago.
	 * @return the port
	 * @throws IOException if no socket can be opened
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
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
