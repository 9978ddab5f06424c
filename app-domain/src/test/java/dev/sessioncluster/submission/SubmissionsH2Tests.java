package dev.sessioncluster.submission;

/**
 * {@link SubmissionsContract} on the embedded H2 database.
 */
class SubmissionsH2Tests extends SubmissionsContract {

}
