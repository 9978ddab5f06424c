package dev.sessioncluster.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Forms are records, bound through their constructors only. Without this, Spring MVC also
 * tries every request parameter as a property path on the constructed record:
 * {@code currentPassword[0]=…} then failed with an exception whose message held the
 * submitted value (a cleartext password in the log, and a 500). Bound declaratively, a
 * parameter that is not a constructor argument is ignored, and a field sent only in such
 * a form counts as missing (the form's own message).
 */
@ControllerAdvice
final class FormBindingAdvice {

	@InitBinder
	void bindThroughConstructorsOnly(WebDataBinder binder) {
		binder.setDeclarativeBinding(true);
	}

}
