package dev.sessioncluster.web.session;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.session.SessionIdGenerator;

/**
 * Session ids of {@value #RANDOM_BYTES} random bytes (192 bits) from
 * {@link SecureRandom}, URL-safe Base64 without padding: 32 characters. Spring Session's
 * default UUIDv4 ids carry 122 random bits; OWASP ASVS asks for at least 128. The id is
 * used in cookies and, for the cookie fallback, in query strings, so it needs no escaping
 * anywhere.
 */
final class SecureSessionIdGenerator implements SessionIdGenerator {

	static final int RANDOM_BYTES = 24;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	@Override
	public String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		this.random.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

}
