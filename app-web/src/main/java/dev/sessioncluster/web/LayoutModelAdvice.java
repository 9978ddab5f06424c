package dev.sessioncluster.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.session.SessionStrategyProperties;
import dev.sessioncluster.web.support.ReplicaProperties;

/**
 * What the page layout needs on every page: who is signed in (from the thread-bound
 * holder, never from the database), which replica rendered the page, and where sessions
 * live.
 */
@ControllerAdvice
class LayoutModelAdvice {

	private final ReplicaProperties replica;

	private final SessionStrategyProperties sessions;

	LayoutModelAdvice(ReplicaProperties replica, SessionStrategyProperties sessions) {
		this.replica = replica;
		this.sessions = sessions;
	}

	@ModelAttribute("currentUser")
	CurrentUser currentUser() {
		return CurrentUserHolder.current().orElse(null);
	}

	@ModelAttribute("currentPath")
	String currentPath(HttpServletRequest request) {
		return request.getRequestURI();
	}

	@ModelAttribute("replicaId")
	String replicaId() {
		return this.replica.replicaId();
	}

	@ModelAttribute("sessionStrategy")
	String sessionStrategy() {
		return this.sessions.strategy().key();
	}

}
