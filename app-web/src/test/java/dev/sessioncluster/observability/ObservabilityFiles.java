package dev.sessioncluster.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files under {@code deploy/observability} (Prometheus's scrape configuration,
 * Grafana's provisioning and dashboard) and the PromQL the dashboard runs, read the way
 * Prometheus and Grafana read them.
 */
final class ObservabilityFiles {

	static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	static final Path OBSERVABILITY = ROOT.resolve("deploy/observability");

	static final Path DASHBOARD = OBSERVABILITY.resolve("grafana/dashboards/session-cluster.json");

	/** Series that Prometheus makes itself rather than scraping them. */
	static final Set<String> PROMETHEUS_OWN = Set.of("up");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)\\}");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	// A name not inside another word, a number or a Grafana variable, and not
	// called (functions and aggregations are followed by a parenthesis).
	private static final Pattern NAME = Pattern
		.compile("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*(?![A-Za-z0-9_:]|\\s*\\()");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset", "inf", "nan");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private ObservabilityFiles() {
	}

	static JsonNode dashboard() {
		return JsonMapper.builder().build().readTree(read(DASHBOARD));
	}

	/**
	 * A YAML file as maps and lists (merge keys resolved).
	 * @param file the file, relative to the repository
	 * @return its content
	 */
	static Map<String, Object> yaml(String file) {
		return new Yaml().load(read(ROOT.resolve(file)));
	}

	/**
	 * Every panel of the dashboard, those inside collapsed rows included.
	 * @param dashboard the dashboard
	 * @return the panels, rows included
	 */
	static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	/**
	 * The PromQL of every query of the dashboard.
	 * @param dashboard the dashboard
	 * @return the expressions, in panel order
	 */
	static List<String> queries(JsonNode dashboard) {
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.path("expr").asString());
			}
		}
		return queries;
	}

	/**
	 * The series an expression selects: {@code sum by (replica) (rate(a_total[1m])) / b}
	 * names {@code a_total} and {@code b}.
	 * @param expr a PromQL expression
	 * @return the metric names, in order of appearance
	 */
	static Set<String> metricNames(String expr) {
		String bare = STRING.matcher(expr).replaceAll("\"\"");
		bare = MATCHERS.matcher(bare).replaceAll("");
		bare = RANGE.matcher(bare).replaceAll("");
		bare = GROUPING.matcher(bare).replaceAll("");
		Set<String> names = new LinkedHashSet<>();
		Matcher name = NAME.matcher(bare);
		while (name.find()) {
			if (!KEYWORDS.contains(name.group())) {
				names.add(name.group());
			}
		}
		return names;
	}

	/**
	 * The labels an expression groups by or matches on: {@code sum by (reason)
	 * (x{status=~"5.."})} names {@code reason} and {@code status}.
	 * @param expr a PromQL expression
	 * @return the label names
	 */
	static Set<String> labelNames(String expr) {
		String bare = STRING.matcher(expr).replaceAll("\"\"");
		Set<String> labels = new LinkedHashSet<>();
		Matcher grouping = GROUPING.matcher(bare);
		while (grouping.find()) {
			for (String label : grouping.group(1).split(",")) {
				if (!label.isBlank()) {
					labels.add(label.strip());
				}
			}
		}
		Matcher matchers = MATCHERS.matcher(bare);
		while (matchers.find()) {
			Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
			while (label.find()) {
				labels.add(label.group(1));
			}
		}
		return labels;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
