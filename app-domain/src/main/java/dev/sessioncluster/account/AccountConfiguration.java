package dev.sessioncluster.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaAuditing;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * JPA auditing and password hashing for accounts.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaAuditing(auditorAwareRef = "currentUserAuditor")
class AccountConfiguration {

	@Bean
	CurrentUserAuditor currentUserAuditor() {
		return new CurrentUserAuditor();
	}

	/**
	 * Hashes with BCrypt today and stores the algorithm in the hash
	 * ({@code {bcrypt}...}), so a future default can be introduced without invalidating
	 * existing passwords.
	 * @return a {@code DelegatingPasswordEncoder}
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
