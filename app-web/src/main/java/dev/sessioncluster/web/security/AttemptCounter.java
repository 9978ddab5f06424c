package dev.sessioncluster.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One counter of attempts in Redis: what is limited ({@code sign-in:user}), for whom
 * ({@code alice}, an address), and its limit. Whatever a client sends, the key stays
 * short: an identity longer than {@value #MAX_PLAIN_LENGTH} characters, or holding
 * anything but printable ASCII, is replaced by its SHA-256.
 *
 * @param key the Redis key
 * @param limit the limit of this counter
 */
public record AttemptCounter(String key, AttemptLimit limit) {

	static final String PREFIX = "sessioncluster:attempts:";

	static final int MAX_PLAIN_LENGTH = 64;

	public AttemptCounter {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(limit, "limit must not be null");
	}

	/**
	 * The counter of {@code identity}'s attempts at {@code action}.
	 * @param action what is limited, such as {@code sign-in:user}
	 * @param identity who is limited: a canonical username, an address, an account id;
	 * {@code null} counts as {@code "-"}
	 * @param limit the limit
	 * @return the counter
	 */
	public static AttemptCounter of(String action, String identity, AttemptLimit limit) {
		return new AttemptCounter(PREFIX + action + ":" + bounded((identity != null) ? identity : "-"), limit);
	}

	private static String bounded(String identity) {
		boolean plain = !identity.isEmpty() && identity.length() <= MAX_PLAIN_LENGTH
				&& identity.chars().allMatch((c) -> c > ' ' && c < 127);
		return plain ? identity : "sha256-" + sha256(identity);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
