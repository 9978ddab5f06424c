package dev.sessioncluster.submission;

/**
 * What a submission produced, as a replay of it must answer.
 *
 * @param message the code of the message the submission answered with
 * @param accountId the account it created or acted on, if a replay needs it
 * @param credentialVersion the account's credential version it left, if it moved it
 */
public record SubmissionOutcome(String message, Long accountId, Long credentialVersion) {

	/**
	 * An outcome that is only a message.
	 * @param message the message code
	 * @return the outcome
	 */
	public static SubmissionOutcome of(String message) {
		return new SubmissionOutcome(message, null, null);
	}

}
