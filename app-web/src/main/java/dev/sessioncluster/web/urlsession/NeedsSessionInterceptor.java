package dev.sessioncluster.web.urlsession;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Creates the session before a {@link NeedsSession} page is rendered, when the request
 * did not arrive with a session cookie.
 */
final class NeedsSessionInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(NeedsSession.class)) {
			SessionTransport transport = SessionTransport.of(request);
			if (transport != null && transport.rewritesUrls()) {
				request.getSession(true);
			}
		}
		return true;
	}

}
