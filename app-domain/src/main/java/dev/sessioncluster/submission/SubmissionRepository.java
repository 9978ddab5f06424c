package dev.sessioncluster.submission;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Submissions by token.
 */
interface SubmissionRepository extends JpaRepository<Submission, String> {

	@Modifying
	@Query("delete from Submission s where s.createdAt < :before")
	int deleteCreatedBefore(Instant before);

}
