package dev.sessioncluster.account;

import java.util.Objects;

/**
 * A business rule rejected what the user typed: a taken username, a weak password, a
 * wrong current password. It names the offending input and a message code, so the web
 * layer can show the message next to the form field for that input and keep everything
 * else the user entered.
 */
public final class AccountInputException extends RuntimeException {

	private final AccountInput input;

	private final String code;

	public AccountInputException(AccountInput input, String code) {
		super(Objects.requireNonNull(code, "code must not be null") + " (" + input + ")");
		this.input = Objects.requireNonNull(input, "input must not be null");
		this.code = code;
	}

	/**
	 * The input the message belongs to.
	 * @return the input
	 */
	public AccountInput input() {
		return this.input;
	}

	/**
	 * The message code, resolved by the web layer's message source.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

}
