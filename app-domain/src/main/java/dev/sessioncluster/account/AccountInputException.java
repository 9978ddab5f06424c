package dev.sessioncluster.account;

import java.util.Objects;

/**
 * A business rule rejected what the user typed: a taken username, a weak password, a
 * wrong current password. It names the offending field and a message code, so the web
 * layer can show the message next to that field and keep everything else the user
 * entered.
 */
public final class AccountInputException extends RuntimeException {

	private final String field;

	private final String code;

	public AccountInputException(String field, String code) {
		super(Objects.requireNonNull(code, "code must not be null") + " (" + field + ")");
		this.field = Objects.requireNonNull(field, "field must not be null");
		this.code = code;
	}

	/**
	 * The form field the message belongs to.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

	/**
	 * The message code, resolved by the web layer's message source.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

}
