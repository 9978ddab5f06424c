/**
 * Form posts that are safe to repeat. Every state-changing form carries a one-time token
 * ({@link dev.sessioncluster.web.submission.SubmissionTokens}, bound to the session that
 * rendered it); the change runs once per token, and its outcome is recorded with it in
 * the database ({@link dev.sessioncluster.submission.Submissions}). A replay of the same
 * submission (nginx resending a POST whose replica died, a double click) answers what the
 * first run answered, and repeats only the steps that are safe to repeat: the session's
 * credential stamp, the removal of ended sessions from Redis, the flash message.
 *
 * <pre>
 * POST /account/password  _submission=q3…Xw.9f…Ab  (replica app2 commits, then dies)
 *   nginx: connection reset → the same POST to app3
 *   app3  FormSubmission: token recorded, outcome password.changed, credential version 5
 *         → stamps the session with 5, ends the other sessions (again: nothing left to end)
 *   302 /profile, flash "Your password has been changed."   (the password changed once)
 * </pre>
 */
package dev.sessioncluster.web.submission;
