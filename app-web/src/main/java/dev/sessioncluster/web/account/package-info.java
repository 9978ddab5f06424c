/**
 * Pages of the signed-in user's account: registration, profile and password.
 */
package dev.sessioncluster.web.account;
