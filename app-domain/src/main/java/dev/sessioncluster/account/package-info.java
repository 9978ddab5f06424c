/**
 * Accounts: the {@link dev.sessioncluster.account.Account} entity, its repository, and
 * {@link dev.sessioncluster.account.AccountService}, which applies the business rules
 * (unique names, password policy) inside transactions.
 */
package dev.sessioncluster.account;
