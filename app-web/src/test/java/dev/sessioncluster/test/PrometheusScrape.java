package dev.sessioncluster.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a replica's {@code /actuator/prometheus}, as Prometheus asks for it (the
 * text format), by series: {@code name{label="value",...}} to its value.
 *
 * @param samples every sample of the scrape
 */
public record PrometheusScrape(Map<String, Double> samples) {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"");

	/**
	 * Scrapes a replica.
	 * @param port the replica's port on 127.0.0.1
	 * @return the scrape
	 */
	public static PrometheusScrape of(int port) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
					.header("Accept", "text/plain;version=0.0.4")
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
			}
			return parse(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static PrometheusScrape parse(String text) {
		Map<String, Double> samples = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (!line.startsWith("#") && sample.find()) {
				String labels = (sample.group(2) != null) ? sample.group(2) : "";
				samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
			}
		}
		return new PrometheusScrape(samples);
	}

	/**
	 * Each series name, with the names of the labels any of its samples carries.
	 * @return the names and their labels
	 */
	public Map<String, Set<String>> labelsByName() {
		Map<String, Set<String>> series = new HashMap<>();
		for (String sample : this.samples.keySet()) {
			int brace = sample.indexOf('{');
			Set<String> labels = series.computeIfAbsent((brace < 0) ? sample : sample.substring(0, brace),
					(name) -> new HashSet<>());
			if (brace >= 0) {
				LABEL.matcher(sample.substring(brace)).results().forEach((label) -> labels.add(label.group(1)));
			}
		}
		return series;
	}

	/**
	 * The sum over the samples of a name whose labels include the given pairs.
	 * @param name the series name
	 * @param labels label names and values, in pairs
	 * @return the sum, 0 if there is none
	 */
	public double value(String name, String... labels) {
		return this.samples.entrySet()
			.stream()
			.filter((sample) -> sample.getKey().startsWith(name + "{") && hasLabels(sample.getKey(), labels))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/**
	 * How much {@link #value} grew since an earlier scrape.
	 * @param before the earlier scrape
	 * @param name the series name
	 * @param labels label names and values, in pairs
	 * @return the difference
	 */
	public double delta(PrometheusScrape before, String name, String... labels) {
		return value(name, labels) - before.value(name, labels);
	}

	private static boolean hasLabels(String series, String... labels) {
		for (int i = 0; i < labels.length; i += 2) {
			if (!series.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
				return false;
			}
		}
		return true;
	}

}
