package dev.sessioncluster.web.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

import dev.sessioncluster.account.Account;
import dev.sessioncluster.account.AccountRepository;

/**
 * Loads accounts for Spring Security's form login. The username is matched regardless of
 * case and the principal always carries the registered spelling.
 */
@Service
class AccountUserDetailsService implements UserDetailsService {

	static final String ROLE_USER = "USER";

	private final AccountRepository accounts;

	AccountUserDetailsService(AccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		Account account = this.accounts.findByUsername(username)
			.orElseThrow(() -> new UsernameNotFoundException("No such account"));
		CredentialStamp.checking(account);
		return toUserDetails(account);
	}

	static UserDetails toUserDetails(Account account) {
		return User.withUsername(account.getUsername()).password(account.getPasswordHash()).roles(ROLE_USER).build();
	}

}
