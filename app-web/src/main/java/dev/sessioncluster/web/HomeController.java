package dev.sessioncluster.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The landing page.
 */
@Controller
class HomeController {

	static final String VIEW = "home";

	@GetMapping("/")
	String home() {
		return VIEW;
	}

}
