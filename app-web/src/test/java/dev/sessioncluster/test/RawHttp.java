package dev.sessioncluster.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 exchange written byte for byte: a request target, a {@code Host} or a
 * header that {@link java.net.http.HttpClient} would refuse or rewrite
 * ({@code //evil.example/}, a backslash, a forged {@code Host}) goes out exactly as
 * given.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends {@code head} (request line and headers, without the blank line) and reads the
	 * whole response; {@code Connection: close} is added.
	 * @param port the server's port on 127.0.0.1
	 * @param head the request line and headers, one per line
	 * @return the response
	 */
	public static Response exchange(int port, String... head) {
		StringBuilder request = new StringBuilder();
		for (String line : head) {
			request.append(line).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			return new Response(bytes.toString(StandardCharsets.ISO_8859_1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A response as received.
	 *
	 * @param raw status line, headers and body
	 */
	public record Response(String raw) {

		public int status() {
			return Integer.parseInt(this.raw.substring(9, 12));
		}

		public List<String> headers(String name) {
			List<String> values = new ArrayList<>();
			int end = this.raw.indexOf("\r\n\r\n");
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			for (String line : this.raw.substring(0, (end >= 0) ? end : this.raw.length()).split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
					values.add(line.substring(prefix.length()).trim());
				}
			}
			return values;
		}

		public Optional<String> header(String name) {
			return headers(name).stream().findFirst();
		}

		public String location() {
			return header("Location").orElse(null);
		}

	}

}
