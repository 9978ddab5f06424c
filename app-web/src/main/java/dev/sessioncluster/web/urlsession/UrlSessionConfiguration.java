package dev.sessioncluster.web.urlsession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.sessioncluster.web.support.FilterOrder;

/**
 * Switches the cookie fallback on when {@code app.url-session.enabled=true}. Off, the
 * application behaves exactly like Spring Session's cookie-only default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("app.url-session.enabled")
class UrlSessionConfiguration implements WebMvcConfigurer {

	/**
	 * The cookie writer. Spring Boot builds one from
	 * {@code server.servlet.session.cookie.*} only while Spring Session's cookie resolver
	 * is in use; with a resolver of our own it stops, so it is built here from the same
	 * properties.
	 * @param server the server properties
	 * @param customizers customizations contributed elsewhere
	 * @return the cookie serializer
	 */
	@Bean
	DefaultCookieSerializer cookieSerializer(ServerProperties server,
			ObjectProvider<DefaultCookieSerializerCustomizer> customizers) {
		return serializer(server, customizers);
	}

	private static DefaultCookieSerializer serializer(ServerProperties server,
			ObjectProvider<DefaultCookieSerializerCustomizer> customizers) {
		Cookie cookie = server.getServlet().getSession().getCookie();
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		PropertyMapper map = PropertyMapper.get();
		map.from(cookie::getName).whenHasText().to(serializer::setCookieName);
		map.from(cookie::getDomain).whenHasText().to(serializer::setDomainName);
		map.from(cookie::getPath).whenHasText().to(serializer::setCookiePath);
		map.from(cookie::getHttpOnly).to(serializer::setUseHttpOnlyCookie);
		map.from(cookie::getSecure).to(serializer::setUseSecureCookie);
		map.from(cookie::getMaxAge).as((maxAge) -> (int) maxAge.getSeconds()).to(serializer::setCookieMaxAge);
		map.from(cookie::getSameSite).as(Cookie.SameSite::attributeValue).to(serializer::setSameSite);
		map.from(cookie::getPartitioned).to(serializer::setPartitioned);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(serializer));
		return serializer;
	}

	private static String cookieName(ServerProperties server) {
		String name = server.getServlet().getSession().getCookie().getName();
		return StringUtils.hasText(name) ? name : "SESSION";
	}

	@Bean
	CookieOrUrlSessionIdResolver httpSessionIdResolver(DefaultCookieSerializer cookieSerializer,
			ServerProperties server) {
		return new CookieOrUrlSessionIdResolver(cookieSerializer, cookieName(server));
	}

	/**
	 * Runs {@link UrlSessionFilter} right after Spring Session's filter, before Spring
	 * Security, so redirects sent by Spring Security are encoded too. The cookie probe it
	 * offers is written like the session cookie (same attributes, same {@code __Host-}
	 * prefix, if any), under its own name.
	 * @param resolver the session id resolver
	 * @param properties the fallback's settings
	 * @param server the server properties
	 * @param customizers cookie customizations contributed elsewhere
	 * @return the registration
	 */
	@Bean
	FilterRegistrationBean<UrlSessionFilter> urlSessionFilter(CookieOrUrlSessionIdResolver resolver,
			UrlSessionProperties properties, ServerProperties server,
			ObjectProvider<DefaultCookieSerializerCustomizer> customizers) {
		DefaultCookieSerializer probe = serializer(server, customizers);
		probe.setCookieName(CookieOrUrlSessionIdResolver.probeCookieName(cookieName(server)));
		FilterRegistrationBean<UrlSessionFilter> registration = new FilterRegistrationBean<>(
				new UrlSessionFilter(resolver, probe, properties.idleTimeout()));
		registration.setOrder(FilterOrder.URL_SESSION);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new NeedsSessionInterceptor());
	}

}
