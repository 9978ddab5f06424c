package dev.sessioncluster.web.submission;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs {@link SubmissionCleanup} on Spring's scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SubmissionConfiguration {

}
