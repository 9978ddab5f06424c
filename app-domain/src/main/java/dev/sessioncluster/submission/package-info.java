/**
 * Submissions that run once: {@link dev.sessioncluster.submission.Submissions} claims a
 * submission's one-time token, runs the change and records its outcome in one
 * transaction, so a replayed submission finds the outcome instead of running again.
 */
package dev.sessioncluster.submission;
