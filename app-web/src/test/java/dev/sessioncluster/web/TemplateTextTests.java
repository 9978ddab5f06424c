package dev.sessioncluster.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All text a user reads comes from {@code messages.properties}: an element whose body
 * contains words must replace them with {@code th:text} (the words in the file are only
 * natural-templating placeholders). Fails on text typed straight into a template.
 */
class TemplateTextTests {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	/** An opening tag, then the text up to the next tag. */
	private static final Pattern TAG_THEN_TEXT = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>([^<]*)");

	@Test
	void templatesContainNoHardCodedText() throws IOException {
		List<String> offenders = new ArrayList<>();
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".html")).toList()) {
				String html = Files.readString(file).replaceAll("(?s)<!--.*?-->", "");
				Matcher matcher = TAG_THEN_TEXT.matcher(html);
				while (matcher.find()) {
					String attributes = matcher.group(2);
					String text = matcher.group(3).strip();
					boolean replaced = attributes.contains("th:text") || attributes.contains("th:utext")
							|| attributes.contains("th:replace");
					if (text.matches("(?s).*\\p{L}.*") && !replaced) {
						offenders.add(TEMPLATES.relativize(file) + ": <" + matcher.group(1) + "> " + text);
					}
				}
			}
		}
		assertThat(offenders).as("text not taken from messages.properties").isEmpty();
	}

}
