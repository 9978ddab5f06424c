package dev.sessioncluster.observability;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus and Grafana files of {@code docker compose --profile observability},
 * read as those servers read them: no Grafana runs in the tests, so a dashboard that does
 * not load, a panel without a query or a data source named wrong would otherwise show
 * only when someone opens it. Which series the queries name is checked against the
 * application's own scrape by {@link DashboardSeriesTests}.
 */
class ObservabilityFilesTests {

	@Test
	void metricNamesAreReadFromPromql() {
		assertThat(ObservabilityFiles.metricNames(
				"sum by (replica, status) (rate(http_server_requests_seconds_count{status=~\"5..\"}[$__rate_interval]))"))
			.containsExactly("http_server_requests_seconds_count");
		assertThat(ObservabilityFiles.metricNames(
				"sum(rate(a_total{result=\"hit\"}[5m] offset 1m)) / on(x) b_max" + " or vector(0) > bool 2e3 and up"))
			.containsExactly("a_total", "b_max", "up");
		assertThat(ObservabilityFiles.labelNames("sum by (reason) (rate(c{status=~\"5..\", uri!=\"/\"}[1m]))"))
			.containsExactlyInAnyOrder("reason", "status", "uri");
	}

	@Test
	void dashboardLoadsWithAQueryInEveryPanelOnTheProvisionedDataSource() {
		JsonNode dashboard = ObservabilityFiles.dashboard();
		String dataSource = dataSource();

		assertThat(dashboard.path("uid").asString()).isEqualTo("session-cluster");
		assertThat(dashboard.path("title").asString()).isNotBlank();
		List<JsonNode> panels = ObservabilityFiles.panels(dashboard);
		assertThat(panels).extracting((panel) -> panel.path("id").asInt()).doesNotHaveDuplicates();
		for (JsonNode panel : panels) {
			String title = panel.path("title").asString();
			assertThat(title).isNotBlank();
			if (panel.path("type").asString().equals("row")) {
				continue;
			}
			assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(dataSource);
			assertThat(panel.path("targets")).as(title).isNotEmpty();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(dataSource);
				assertThat(ObservabilityFiles.metricNames(target.path("expr").asString())).as(title).isNotEmpty();
			}
		}
	}

	@Test
	void panelsDoNotOverlap() {
		List<int[]> taken = new ArrayList<>();
		for (JsonNode panel : ObservabilityFiles.panels(ObservabilityFiles.dashboard())) {
			JsonNode grid = panel.path("gridPos");
			int[] box = { grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(),
					grid.path("h").asInt() };
			assertThat(box[0] + box[2]).as(panel.path("title").asString()).isLessThanOrEqualTo(24);
			assertThat(box[2] * box[3]).as(panel.path("title").asString()).isPositive();
			for (int[] other : taken) {
				boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
						|| box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
				assertThat(apart).as(panel.path("title").asString()).isTrue();
			}
			taken.add(box);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusScrapesEveryComposeReplicaOnItsOwnPortEveryFiveSeconds() {
		Map<String, Object> config = ObservabilityFiles.yaml("deploy/observability/prometheus/prometheus.yml");
		Map<String, Object> services = (Map<String, Object>) ObservabilityFiles.yaml("docker-compose.yml")
			.get("services");
		List<String> replicas = services.entrySet()
			.stream()
			.filter((service) -> environment(service.getValue()).containsKey("APP_REPLICA_ID"))
			.map(Map.Entry::getKey)
			.toList();

		assertThat(((Map<String, Object>) config.get("global")).get("scrape_interval")).isEqualTo("5s");
		List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
		assertThat(jobs).singleElement().satisfies((job) -> {
			assertThat(job.get("job_name")).isEqualTo("session-cluster");
			assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
			assertThat(job.get("honor_labels")).isEqualTo(true);
			List<Map<String, Object>> targets = (List<Map<String, Object>>) job.get("static_configs");
			assertThat(targets).extracting((target) -> target.get("targets"))
				.containsExactlyInAnyOrderElementsOf(replicas.stream().map((name) -> List.of(name + ":8080")).toList());
			for (Map<String, Object> target : targets) {
				String host = ((List<String>) target.get("targets")).get(0).split(":")[0];
				assertThat(target.get("labels")).isEqualTo(Map.of("replica", host));
				assertThat(environment(services.get(host)).get("APP_REPLICA_ID")).isEqualTo(host);
			}
		});
		assertThat(replicas).hasSize(3);
		// The job the dashboard's up{} queries select.
		assertThat(ObservabilityFiles.queries(ObservabilityFiles.dashboard()))
			.filteredOn((expr) -> ObservabilityFiles.metricNames(expr).contains("up"))
			.isNotEmpty()
			.allSatisfy((expr) -> assertThat(expr).contains("up{job=\"session-cluster\"}"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void grafanaFindsPrometheusAndTheDashboardWhereComposePutsThem() {
		Map<String, Object> services = (Map<String, Object>) ObservabilityFiles.yaml("docker-compose.yml")
			.get("services");
		Map<String, Object> grafana = (Map<String, Object>) services.get("grafana");
		Map<String, Object> prometheus = (Map<String, Object>) services.get("prometheus");
		Map<String, Object> dataSources = ObservabilityFiles
			.yaml("deploy/observability/grafana/provisioning/datasources/prometheus.yml");
		Map<String, Object> dashboards = ObservabilityFiles
			.yaml("deploy/observability/grafana/provisioning/dashboards/session-cluster.yml");

		assertThat(prometheus.get("profiles")).isEqualTo(List.of("observability"));
		assertThat(grafana.get("profiles")).isEqualTo(List.of("observability"));
		assertThat(services.entrySet())
			.filteredOn((service) -> !List.of("prometheus", "grafana").contains(service.getKey()))
			.allSatisfy(
					(service) -> assertThat((Map<String, Object>) service.getValue()).doesNotContainKey("profiles"));
		assertThat((List<Map<String, Object>>) dataSources.get("datasources")).singleElement().satisfies((source) -> {
			assertThat(source.get("type")).isEqualTo("prometheus");
			assertThat(source.get("uid")).isEqualTo(dataSource());
			assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
		});
		String dashboardFolder = mountPoint(grafana, "./deploy/observability/grafana/dashboards");
		assertThat(mountPoint(grafana, "./deploy/observability/grafana/provisioning"))
			.isEqualTo("/etc/grafana/provisioning");
		assertThat((List<Map<String, Object>>) dashboards.get("providers")).singleElement()
			.satisfies((provider) -> assertThat(((Map<String, Object>) provider.get("options")).get("path"))
				.isEqualTo(dashboardFolder));
		String home = (String) environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
		assertThat(home).startsWith(dashboardFolder + "/");
		assertThat(ObservabilityFiles.ROOT.resolve("deploy/observability/grafana/dashboards")
			.resolve(home.substring(dashboardFolder.length() + 1)))
			.satisfies((file) -> assertThat(Files.isRegularFile(file)).isTrue());
		assertThat(environment(grafana)).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
			.containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
	}

	@SuppressWarnings("unchecked")
	private static String dataSource() {
		Map<String, Object> file = ObservabilityFiles
			.yaml("deploy/observability/grafana/provisioning/datasources/prometheus.yml");
		return (String) ((List<Map<String, Object>>) file.get("datasources")).get(0).get("uid");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> environment(Object service) {
		Object environment = ((Map<String, Object>) service).get("environment");
		return (environment != null) ? (Map<String, Object>) environment : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static String mountPoint(Map<String, Object> service, String source) {
		return ((List<String>) service.get("volumes")).stream()
			.filter((volume) -> volume.startsWith(source + ":"))
			.map((volume) -> volume.split(":")[1])
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume from " + source));
	}

}
