package dev.sessioncluster.web.user;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.web.submission.FormSubmissions;
import dev.sessioncluster.web.support.FilterOrder;

/**
 * Exposes the signed-in user to the rest of the code through
 * {@link dev.sessioncluster.user.CurrentUserHolder}.
 */
@Configuration(proxyBeanMethods = false)
class CurrentUserConfiguration {

	/**
	 * Registers {@link CurrentUserFilter} right after Spring Security's filter chain, for
	 * requests and error pages.
	 * @param accounts looks up the user on the first request of a session
	 * @param submissions finds a replayed change of credentials
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<CurrentUserFilter> currentUserFilter(AccountService accounts, FormSubmissions submissions) {
		FilterRegistrationBean<CurrentUserFilter> registration = new FilterRegistrationBean<>(
				new CurrentUserFilter(accounts, submissions));
		registration.setOrder(FilterOrder.CURRENT_USER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

}
