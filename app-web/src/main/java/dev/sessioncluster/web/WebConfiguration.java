package dev.sessioncluster.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sessioncluster.web.support.FilterOrder;

/**
 * The application shell's own filter.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * {@code /error} is where the container forwards errors; asked for directly, it is a
	 * page that does not exist (404), not an error of unknown status (500).
	 * @return the registration, for direct requests only
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> directErrorPathFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {

					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws IOException {
						response.sendError(HttpServletResponse.SC_NOT_FOUND);
					}

				});
		registration.addUrlPatterns("/error");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(FilterOrder.DIRECT_ERROR_PATH);
		return registration;
	}

}
