package dev.sessioncluster.web.inspector;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /inspector}: the session inspector, for the request that renders it. It
 * never creates a session: a first visit sees that it has none yet.
 */
@Controller
@ConditionalOnBooleanProperty("app.inspector.enabled")
class InspectorController {

	static final String VIEW = "inspector";

	private final SessionInspector inspector;

	InspectorController(SessionInspector inspector) {
		this.inspector = inspector;
	}

	@GetMapping("/inspector")
	String inspect(HttpServletRequest request, Model model) {
		model.addAttribute("inspection", this.inspector.inspect(request));
		return VIEW;
	}

}
