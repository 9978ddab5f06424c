package dev.sessioncluster.account;

/**
 * What the user typed that a business rule can reject. The web layer decides which form
 * field shows the message.
 */
public enum AccountInput {

	/** The username chosen at registration. */
	USERNAME,

	/** The email address. */
	EMAIL,

	/** The password being set: at registration, or the new one of a change. */
	PASSWORD,

	/** The current password, which proves who is changing it. */
	CURRENT_PASSWORD

}
