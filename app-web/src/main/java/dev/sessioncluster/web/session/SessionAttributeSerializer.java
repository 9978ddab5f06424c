package dev.sessioncluster.web.session;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Writes session attribute values as JSON, with the two values every signed-in session
 * holds, its security context and its CSRF token, in a compact form that reads back as
 * the same value ({@link StoredSignIn}, {@link StoredCsrfToken}). Together with the short
 * CSRF attribute name this takes a signed-in session from about 2.7 KB to under 1 KB in
 * Redis.
 */
final class SessionAttributeSerializer implements RedisSerializer<Object> {

	private final RedisSerializer<Object> json;

	/**
	 * Wraps a JSON serializer that knows the compact types.
	 * @param json writes and reads the values
	 */
	SessionAttributeSerializer(RedisSerializer<Object> json) {
		this.json = json;
	}

	@Override
	public byte[] serialize(Object value) {
		Object stored = StoredSignIn.of(value)
			.map(Object.class::cast)
			.or(() -> StoredCsrfToken.of(value))
			.orElse(value);
		return this.json.serialize(stored);
	}

	@Override
	public Object deserialize(byte[] bytes) {
		Object value = this.json.deserialize(bytes);
		if (value instanceof StoredSignIn signIn) {
			return signIn.toSecurityContext();
		}
		if (value instanceof StoredCsrfToken token) {
			return token.toCsrfToken();
		}
		return value;
	}

}
