package dev.sessioncluster.web.inspector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells the page footer to link to the inspector, where it exists.
 */
@ControllerAdvice
@ConditionalOnBooleanProperty("app.inspector.enabled")
class InspectorLinkAdvice {

	@ModelAttribute("inspectorLink")
	boolean inspectorLink() {
		return true;
	}

}
