package dev.sessioncluster.submission;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link SubmissionsContract} on the embedded H2 database.
 */
class SubmissionsH2Tests extends SubmissionsContract {

	@Override
	int waitingOnLocks(JdbcTemplate jdbc) {
		Integer waiting = jdbc.queryForObject(
				"select count(*) from information_schema.sessions where lower(executing_statement) like 'insert into submission%'",
				Integer.class);
		return (waiting != null) ? waiting : 0;
	}

}
