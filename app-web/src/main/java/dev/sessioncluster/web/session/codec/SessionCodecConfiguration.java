package dev.sessioncluster.web.session.codec;

import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.web.servlet.FlashMap;

import dev.sessioncluster.user.CurrentUser;

/**
 * How session attribute values are written to Redis: JSON, with compact forms of the
 * security context and the CSRF token.
 */
@Configuration(proxyBeanMethods = false)
class SessionCodecConfiguration {

	/**
	 * How many decoded attribute values the serializer remembers: a signed-in session has
	 * four or five values of its own (timestamps, CSRF token, sign-in), so about as many
	 * sessions as the near cache keeps by default; some 10 MB when full.
	 */
	private static final int DECODED_VALUES = 50_000;

	/**
	 * Session attributes are stored as JSON instead of JDK serialization: readable with
	 * {@code redis-cli}, no Java deserialization of bytes that come from the network, and
	 * no {@code serialVersionUID} coupling between replicas running different builds.
	 * Spring Security's Jackson modules know its own types (security context, CSRF token,
	 * saved request) and refuse to instantiate any class that is not on their allow-list;
	 * the application's own session types are added to that list explicitly. The security
	 * context and the CSRF token are stored in compact forms, and immutable values are
	 * decoded once per distinct value rather than once per request
	 * ({@link SessionAttributeSerializer}). Spring Session's Redis configuration finds
	 * this serializer by its bean name.
	 * @return the serializer Spring Session uses for attribute values
	 */
	@Bean
	RedisSerializer<Object> springSessionDefaultRedisSerializer() {
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(CurrentUser.class)
			.allowIfSubType(StoredSignIn.class)
			.allowIfSubType(StoredCsrfToken.class)
			// Flash attributes (the confirmation shown after a redirect) travel in the
			// session.
			.allowIfSubType(FlashMap.class)
			.allowIfSubType(CopyOnWriteArrayList.class);
		JsonMapper mapper = JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(getClass().getClassLoader(), allowed))
			.addMixIn(CurrentUser.class, TypedSessionValue.class)
			.addMixIn(StoredSignIn.class, TypedSessionValue.class)
			.addMixIn(StoredCsrfToken.class, TypedSessionValue.class)
			.build();
		return new SessionAttributeSerializer(new GenericJacksonJsonRedisSerializer(mapper), DECODED_VALUES);
	}

	/**
	 * Makes the JSON of an application type carry its class name, as Spring Security's
	 * mix-ins do for theirs, so that it reads back as that type rather than as a map.
	 */
	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
	abstract static class TypedSessionValue {

	}

}
