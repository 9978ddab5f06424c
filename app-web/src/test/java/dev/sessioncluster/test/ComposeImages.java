package dev.sessioncluster.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server images the tests run, as {@code docker-compose.yml} names them: that file is
 * the one place for their versions, so a Testcontainers test runs exactly the Redis that
 * {@code docker compose up} runs, and an image pulled (or already present) for one serves
 * the other.
 */
public final class ComposeImages {

	private ComposeImages() {
	}

	/**
	 * The image of {@code repository} in the repository's {@code docker-compose.yml}.
	 * @param repository the image's repository, such as {@code redis}
	 * @return the image with its tag, such as {@code redis:7.4.2-alpine}
	 */
	public static String named(String repository) {
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

}
