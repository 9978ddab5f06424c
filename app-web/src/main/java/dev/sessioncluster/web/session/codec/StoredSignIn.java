package dev.sessioncluster.web.session.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The session's security context in the few fields that make it up when a user has signed
 * in with a password (form login or registration): who, with which authorities, and when
 * each factor was proven. Spring Security's own JSON of the same context is about 1 KB
 * (class names, the principal's copy of the authorities, flags that are always true);
 * this is about 150 bytes, and reads back as an equal context.
 * <p>
 * Only a context of exactly that shape is stored this way; any other (another kind of
 * authentication, credentials kept, a principal with restrictions) keeps Spring
 * Security's JSON. The request details recorded at sign-in (the client address and the
 * session id before sign-in) are not kept: nothing reads them after sign-in, and the
 * application records the client address itself.
 *
 * @param username who signed in
 * @param roles the authorities granted other than factors, in order
 * @param factors the factors proven, with when, in order
 */
record StoredSignIn(String username, String[] roles, Factor[] factors) {

	/**
	 * The compact form of a session attribute value, if it is a password sign-in's
	 * security context.
	 * @param value a session attribute value
	 * @return the compact form, or empty if the value is anything else
	 */
	static Optional<StoredSignIn> of(Object value) {
		if (value == null || value.getClass() != SecurityContextImpl.class) {
			return Optional.empty();
		}
		Authentication authentication = ((SecurityContext) value).getAuthentication();
		if (authentication == null || authentication.getClass() != UsernamePasswordAuthenticationToken.class
				|| !authentication.isAuthenticated() || authentication.getCredentials() != null
				|| !(authentication.getDetails() == null
						|| authentication.getDetails().getClass() == WebAuthenticationDetails.class)
				|| !(authentication.getPrincipal() instanceof User user) || user.getClass() != User.class
				|| user.getPassword() != null || !user.isEnabled() || !user.isAccountNonExpired()
				|| !user.isAccountNonLocked() || !user.isCredentialsNonExpired()) {
			return Optional.empty();
		}
		List<String> roles = new ArrayList<>();
		List<Factor> factors = new ArrayList<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority.getClass() == FactorGrantedAuthority.class) {
				factors.add(new Factor(authority.getAuthority(), ((FactorGrantedAuthority) authority).getIssuedAt()));
			}
			else if (authority.getClass() == SimpleGrantedAuthority.class) {
				roles.add(authority.getAuthority());
			}
			else {
				return Optional.empty();
			}
		}
		StoredSignIn stored = new StoredSignIn(user.getUsername(), roles.toArray(String[]::new),
				factors.toArray(Factor[]::new));
		return stored.readsBackAs(authentication, user) ? Optional.of(stored) : Optional.empty();
	}

	/**
	 * Whether reading this back gives the same user, with the same authorities in the
	 * same order: the compact form is used only where it loses nothing but the details.
	 */
	private boolean readsBackAs(Authentication authentication, User user) {
		Authentication read = toSecurityContext().getAuthentication();
		return read.getName().equals(authentication.getName())
				&& List.copyOf(read.getAuthorities()).equals(List.copyOf(authentication.getAuthorities()))
				&& Set.copyOf(((User) read.getPrincipal()).getAuthorities()).equals(Set.copyOf(user.getAuthorities()));
	}

	/**
	 * The security context this was made from (without the sign-in request's details).
	 * @return a new context
	 */
	SecurityContext toSecurityContext() {
		List<GrantedAuthority> roles = new ArrayList<>();
		for (String role : this.roles) {
			roles.add(new SimpleGrantedAuthority(role));
		}
		List<GrantedAuthority> granted = new ArrayList<>(roles);
		for (Factor factor : this.factors) {
			granted.add(FactorGrantedAuthority.withAuthority(factor.authority()).issuedAt(factor.issuedAt()).build());
		}
		User user = new User(this.username, "", roles);
		user.eraseCredentials();
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, granted));
	}

	/**
	 * A factor the user proved at sign-in.
	 *
	 * @param authority the factor's authority, such as {@code FACTOR_PASSWORD}
	 * @param issuedAt when it was proven
	 */
	record Factor(String authority, Instant issuedAt) {

	}

}
