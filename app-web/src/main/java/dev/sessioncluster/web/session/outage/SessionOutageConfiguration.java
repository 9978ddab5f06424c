package dev.sessioncluster.web.session.outage;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import dev.sessioncluster.web.support.FilterOrder;
import dev.sessioncluster.web.support.StaticAssets;

/**
 * How the application behaves when Redis is away: fail fast with a friendly 503, keep
 * public pages working, reconnect by itself.
 */
@Configuration(proxyBeanMethods = false)
class SessionOutageConfiguration {

	/**
	 * While disconnected, Lettuce would queue commands until the command timeout: reject
	 * them at once instead, so a page answers 503 immediately.
	 * @return the customizer
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Lettuce's default reconnect back-off grows to 30 seconds; try every half second, so
	 * service resumes soon after Redis returns.
	 * @return the customizer
	 */
	@Bean
	ClientResourcesBuilderCustomizer reconnectQuickly() {
		return (resources) -> resources.reconnectDelay(Delay.constant(Duration.ofMillis(500)));
	}

	/**
	 * Spring MVC looks for flash attributes in the session on every request. When the
	 * store is down that lookup would fail pages that need no session at all (the landing
	 * page, the error page that explains the outage), so it finds none instead.
	 * @return the flash map manager
	 */
	@Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	SessionFlashMapManager flashMapManager() {
		return new SessionFlashMapManager() {

			@Override
			protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
				if (StaticAssets.matches(request.getRequestURI())) {
					return null;
				}
				try {
					return super.retrieveFlashMaps(request);
				}
				catch (DataAccessException ex) {
					return null;
				}
			}

		};
	}

	/**
	 * Turns a session store outage into a friendly 503. It runs outside Spring Session's
	 * filter, which is where the failures surface.
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<SessionStoreUnavailableFilter> sessionStoreUnavailableFilter() {
		FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new SessionStoreUnavailableFilter());
		registration.setOrder(FilterOrder.SESSION_STORE_UNAVAILABLE);
		return registration;
	}

	/**
	 * Renders the error page of an outage without touching the session store.
	 * @return the registration, for error dispatches
	 */
	@Bean
	FilterRegistrationBean<OutageErrorPageFilter> outageErrorPageFilter() {
		FilterRegistrationBean<OutageErrorPageFilter> registration = new FilterRegistrationBean<>(
				new OutageErrorPageFilter());
		registration.setOrder(FilterOrder.OUTAGE_ERROR_PAGE);
		registration.setDispatcherTypes(DispatcherType.ERROR);
		return registration;
	}

}
