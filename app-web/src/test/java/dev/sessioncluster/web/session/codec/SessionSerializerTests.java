package dev.sessioncluster.web.session.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.servlet.FlashMap;

import dev.sessioncluster.user.CurrentUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How session attribute values are written to Redis: JSON, with a password sign-in's
 * security context and the CSRF token in compact forms; and how immutable values are
 * decoded once per distinct value.
 */
class SessionSerializerTests {

	private final SessionAttributeSerializer serializer = (SessionAttributeSerializer) new SessionCodecConfiguration()
		.springSessionDefaultRedisSerializer();

	private static final SimpleGrantedAuthority ROLE_USER = new SimpleGrantedAuthority("ROLE_USER");

	@Test
	void aFormLoginContextIsStoredCompactlyAndReadsBackEqualButForTheRequestDetails() {
		FactorGrantedAuthority password = FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD")
			.issuedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
			.build();
		UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(user("alice"),
				null, List.of(ROLE_USER, password));
		token.setDetails(new WebAuthenticationDetails("192.0.2.1", "before-sign-in"));

		byte[] stored = this.serializer.serialize(new SecurityContextImpl(token));
		SecurityContext read = (SecurityContext) this.serializer.deserialize(stored);

		assertThat(new String(stored, StandardCharsets.UTF_8)).contains("StoredSignIn").doesNotContain("192.0.2.1");
		assertThat(stored.length).isLessThan(200);
		Authentication authentication = read.getAuthentication();
		assertThat(authentication).isExactlyInstanceOf(UsernamePasswordAuthenticationToken.class);
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authentication.getCredentials()).isNull();
		assertThat(authentication.getDetails()).isNull();
		assertThat(List.<GrantedAuthority>copyOf(authentication.getAuthorities())).containsExactly(ROLE_USER, password);
		assertThat(((FactorGrantedAuthority) List.copyOf(authentication.getAuthorities()).get(1)).getIssuedAt())
			.isEqualTo(password.getIssuedAt());
		User principal = (User) authentication.getPrincipal();
		assertThat(principal.getPassword()).isNull();
		assertThat(principal.getAuthorities()).containsExactly(ROLE_USER);
		assertThat(principal.isEnabled() && principal.isAccountNonLocked() && principal.isAccountNonExpired()
				&& principal.isCredentialsNonExpired())
			.isTrue();
	}

	@Test
	void aRegistrationContextReadsBackEqual() {
		User user = user("bob");
		SecurityContext context = new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));

		assertThat(this.serializer.deserialize(this.serializer.serialize(context))).isEqualTo(context);
	}

	@Test
	void anyOtherContextKeepsSpringSecuritysJson() {
		User locked = (User) User.withUsername("carol").password("x").roles("USER").accountLocked(true).build();
		locked.eraseCredentials();
		List<SecurityContext> others = List.of(
				new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("dave", null,
						List.<GrantedAuthority>of(ROLE_USER))),
				new SecurityContextImpl(
						UsernamePasswordAuthenticationToken.authenticated(locked, null, locked.getAuthorities())));

		for (SecurityContext context : others) {
			byte[] stored = this.serializer.serialize(context);
			assertThat(new String(stored, StandardCharsets.UTF_8)).contains("SecurityContextImpl");
			assertThat(this.serializer.deserialize(stored)).isEqualTo(context);
		}
	}

	@Test
	void aCsrfTokenWithTheDefaultNamesIsStoredCompactly() {
		DefaultCsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "3f2c9a4e-0b1d-4c2e-9f4a-7d1e2b3c4d5e");
		DefaultCsrfToken other = new DefaultCsrfToken("X-XSRF-TOKEN", "_xsrf", "3f2c9a4e-0b1d-4c2e-9f4a-7d1e2b3c4d5e");

		byte[] stored = this.serializer.serialize(token);
		CsrfToken read = (CsrfToken) this.serializer.deserialize(stored);

		assertThat(new String(stored, StandardCharsets.UTF_8)).contains("StoredCsrfToken").doesNotContain("X-CSRF");
		assertThat(read.getToken()).isEqualTo(token.getToken());
		assertThat(read.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
		assertThat(read.getParameterName()).isEqualTo("_csrf");
		CsrfToken readOther = (CsrfToken) this.serializer.deserialize(this.serializer.serialize(other));
		assertThat(readOther.getHeaderName()).isEqualTo("X-XSRF-TOKEN");
		assertThat(readOther.getParameterName()).isEqualTo("_xsrf");
	}

	@Test
	void otherValuesAreUnchanged() {
		CurrentUser user = new CurrentUser(7L, "erin", "Erin");

		assertThat(this.serializer.deserialize(this.serializer.serialize(user))).isEqualTo(user);
		assertThat(this.serializer.deserialize(this.serializer.serialize("text"))).isEqualTo("text");
	}

	@Test
	void anImmutableValueIsDecodedOnceAndSharedByLaterReadsOfTheSameBytes() {
		CurrentUser user = new CurrentUser(7L, "erin", "Erin");
		byte[] stored = this.serializer.serialize(user);

		Object first = this.serializer.deserialize(stored);
		Object second = this.serializer.deserialize(stored.clone());

		assertThat(first).isEqualTo(user);
		assertThat(second).isSameAs(first);
		assertThat(this.serializer.remembered()).isEqualTo(1);
		assertThat(this.serializer.deserialize(this.serializer.serialize(new CurrentUser(7L, "erin", "Erin R."))))
			.as("other bytes, another value")
			.isEqualTo(new CurrentUser(7L, "erin", "Erin R."));
	}

	@Test
	void everyReadOfASecurityContextGetsAContextOfItsOwn() {
		User alice = user("alice");
		byte[] stored = this.serializer.serialize(new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(alice, null, alice.getAuthorities())));

		SecurityContext first = (SecurityContext) this.serializer.deserialize(stored);
		// What signing out does to the context it finds in the session.
		first.setAuthentication(null);
		SecurityContext second = (SecurityContext) this.serializer.deserialize(stored);

		assertThat(second).isNotSameAs(first);
		assertThat(second.getAuthentication().getName()).isEqualTo("alice");
		assertThat(this.serializer.remembered()).as("the compact form").isEqualTo(1);
		CsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "3f2c9a4e-0b1d-4c2e-9f4a-7d1e2b3c4d5e");
		byte[] storedToken = this.serializer.serialize(token);
		CsrfToken firstToken = (CsrfToken) this.serializer.deserialize(storedToken);
		CsrfToken secondToken = (CsrfToken) this.serializer.deserialize(storedToken);
		assertThat(secondToken).isNotSameAs(firstToken);
		assertThat(secondToken.getToken()).isEqualTo(token.getToken());
	}

	@Test
	void mutableValuesAreDecodedOnEveryRead() {
		// Spring MVC keeps its flash attributes in the session as a list.
		FlashMap flash = new FlashMap();
		flash.put("saved", true);
		byte[] stored = this.serializer.serialize(new CopyOnWriteArrayList<>(List.of(flash)));

		@SuppressWarnings("unchecked")
		List<FlashMap> first = (List<FlashMap>) this.serializer.deserialize(stored);
		first.get(0).put("saved", false);

		assertThat(this.serializer.deserialize(stored)).isNotSameAs(first).isEqualTo(List.of(flash));
		assertThat(this.serializer.remembered()).isZero();
	}

	@Test
	void aRememberedValueDoesNotDependOnTheArrayItWasReadFrom() {
		// "Aa" and "BB" hash alike, in Java and as their JSON bytes.
		byte[] stored = this.serializer.serialize("Aa");
		byte[] other = this.serializer.serialize("BB");
		assertThat(Arrays.hashCode(stored)).isEqualTo(Arrays.hashCode(other));
		assertThat(this.serializer.deserialize(stored)).isEqualTo("Aa");

		System.arraycopy(other, 0, stored, 0, other.length);

		assertThat(this.serializer.deserialize(stored)).isEqualTo("BB");
		assertThat(this.serializer.deserialize(this.serializer.serialize("BB"))).isEqualTo("BB");
		assertThat(this.serializer.deserialize(this.serializer.serialize("Aa"))).isEqualTo("Aa");
	}

	@Test
	void whenFullItForgetsEverythingAndStartsOver() {
		SessionAttributeSerializer small = new SessionAttributeSerializer(
				new GenericJacksonJsonRedisSerializer(JsonMapper.builder().build()), 2);

		for (String value : List.of("one", "two", "three")) {
			assertThat(small.deserialize(small.serialize(value))).isEqualTo(value);
			assertThat(small.remembered()).isBetween(1, 2);
		}
		assertThat(small.remembered()).isEqualTo(1);
	}

	private static User user(String username) {
		User user = new User(username, "{noop}secret", List.of(ROLE_USER));
		user.eraseCredentials();
		return user;
	}

}
