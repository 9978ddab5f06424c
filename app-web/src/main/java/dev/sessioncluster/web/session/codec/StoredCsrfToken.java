package dev.sessioncluster.web.session.codec;

import java.util.Optional;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * A session's CSRF token without what every token of this application shares: the header
 * and parameter names, and Spring Security's class name. About 100 bytes instead of 165
 * in every session. Tokens with other names keep Spring Security's JSON.
 *
 * @param token the token's value
 */
record StoredCsrfToken(String token) {

	static final String HEADER_NAME = "X-CSRF-TOKEN";

	static final String PARAMETER_NAME = "_csrf";

	/**
	 * The compact form of a session attribute value, if it is a CSRF token with the
	 * default names.
	 * @param value a session attribute value
	 * @return the compact form, or empty if the value is anything else
	 */
	static Optional<StoredCsrfToken> of(Object value) {
		if (value != null && value.getClass() == DefaultCsrfToken.class && value instanceof CsrfToken token
				&& HEADER_NAME.equals(token.getHeaderName()) && PARAMETER_NAME.equals(token.getParameterName())) {
			return Optional.of(new StoredCsrfToken(token.getToken()));
		}
		return Optional.empty();
	}

	CsrfToken toCsrfToken() {
		return new DefaultCsrfToken(HEADER_NAME, PARAMETER_NAME, this.token);
	}

}
