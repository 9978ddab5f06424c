package dev.sessioncluster.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.PrometheusScrape;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every series the Grafana dashboard queries is one the application exports, with the
 * labels the query groups by or matches on: after a short journey (register, a page,
 * sign-out, a wrong password, sign-in), {@code /actuator/prometheus} is scraped as
 * Prometheus scrapes it, and each metric name of each panel must be in it. A renamed
 * meter would otherwise leave a panel empty with no error anywhere.
 */
class DashboardSeriesTests extends RedisHttpTestSupport {

	@Test
	void everySeriesTheDashboardQueriesIsOneTheApplicationExports() {
		HttpUser user = newUser();
		String name = uniqueName("metrics");
		user.register(name, "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);
		user.signOut();
		user.signIn(name, "not the password");
		user.signIn(name, "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);
		List<String> queries = ObservabilityFiles.queries(ObservabilityFiles.dashboard());
		assertThat(queries).isNotEmpty();

		// Some meters appear with their first event, which may be recorded after the
		// response left.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(problems(queries, PrometheusScrape.of(this.port).labelsByName()))
				.as("dashboard queries against the scrape")
				.isEmpty());
	}

	/**
	 * What a query asks of the scrape that it does not have.
	 * @param queries the dashboard's expressions
	 * @param exported each exported series with its label names
	 * @return one line per missing series or label
	 */
	private static List<String> problems(List<String> queries, Map<String, Set<String>> exported) {
		List<String> problems = new ArrayList<>();
		for (String expr : queries) {
			Set<String> names = new LinkedHashSet<>(ObservabilityFiles.metricNames(expr));
			names.removeAll(ObservabilityFiles.PROMETHEUS_OWN);
			for (String series : names) {
				if (!exported.containsKey(series)) {
					problems.add(series + " is not exported (" + expr + ")");
				}
				// Every panel shows replicas by the label each replica puts on its
				// series.
				else if (!exported.get(series).contains("replica")) {
					problems.add(series + " has no replica label");
				}
			}
			for (String label : ObservabilityFiles.labelNames(expr)) {
				// job is Prometheus's own label, and only up{} is selected by it.
				boolean found = label.equals("job")
						|| names.stream().anyMatch((series) -> exported.getOrDefault(series, Set.of()).contains(label));
				if (!found) {
					problems.add("no series of " + names + " has the label " + label + " (" + expr + ")");
				}
			}
		}
		return problems;
	}

}
