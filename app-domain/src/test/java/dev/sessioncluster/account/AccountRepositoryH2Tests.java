package dev.sessioncluster.account;

/**
 * {@link AccountRepositoryContract} on the embedded H2 database, with the Flyway schema.
 */
class AccountRepositoryH2Tests extends AccountRepositoryContract {

}
