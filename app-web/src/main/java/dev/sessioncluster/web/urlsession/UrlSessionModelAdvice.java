package dev.sessioncluster.web.urlsession;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells pages whether they are served in URL mode, so the layout can warn the visitor
 * that the address now contains their session.
 */
@ControllerAdvice
final class UrlSessionModelAdvice {

	@ModelAttribute("urlSessionMode")
	boolean urlSessionMode(HttpServletRequest request) {
		return SessionTransport.of(request) == SessionTransport.URL;
	}

}
