package dev.sessioncluster.web.submission;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.sessioncluster.submission.Submissions;
import dev.sessioncluster.web.session.SessionPolicyProperties;

/**
 * Deletes the submission records no session can send again: a token is only accepted with
 * the session that was issued it, and no session outlives the absolute timeout. Every
 * replica runs it; running it twice deletes nothing more.
 */
@Component
class SubmissionCleanup {

	private static final Log logger = LogFactory.getLog(SubmissionCleanup.class);

	private final Submissions submissions;

	private final SessionPolicyProperties policy;

	SubmissionCleanup(Submissions submissions, SessionPolicyProperties policy) {
		this.submissions = submissions;
		this.policy = policy;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void deleteExpired() {
		int deleted = this.submissions.deleteCreatedBefore(Instant.now().minus(this.policy.absoluteTimeout()));
		if (deleted > 0) {
			logger.debug("Deleted " + deleted + " expired submission records");
		}
	}

}
