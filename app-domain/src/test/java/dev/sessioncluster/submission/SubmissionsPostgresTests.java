package dev.sessioncluster.submission;

import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sessioncluster.account.PostgresDatabase;

/**
 * {@link SubmissionsContract} on PostgreSQL, the database replicas share.
 */
@AutoConfigureTestDatabase(replace = Replace.NONE)
class SubmissionsPostgresTests extends SubmissionsContract {

	private static PostgresDatabase database;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		database = PostgresDatabase.start();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("spring.flyway.schemas", database::schema);
	}

	@Override
	int waitingOnLocks(JdbcTemplate jdbc) {
		Integer waiting = jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
				+ "and datname = current_database()", Integer.class);
		return (waiting != null) ? waiting : 0;
	}

	@AfterAll
	static void dropSchema() throws SQLException {
		if (database != null) {
			database.close();
		}
	}

}
