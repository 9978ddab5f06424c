package dev.sessioncluster.web.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Applies every {@link SessionRepositoryDecorator} to the session repository bean, in
 * order. A post-processor rather than a {@code SessionRepository} bean of our own: that
 * would make Spring Boot's Redis session configuration (and its properties) back off.
 */
final class SessionRepositoryDecoration implements BeanPostProcessor {

	private final ObjectProvider<SessionRepositoryDecorator> decorators;

	SessionRepositoryDecoration(ObjectProvider<SessionRepositoryDecorator> decorators) {
		this.decorators = decorators;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof SessionRepository<?>)) {
			return bean;
		}
		// Seen as Session, a repository only ever gets back its own sessions, so the cast
		// is safe (Redis's session type is not even public).
		SessionRepository<Session> repository = (SessionRepository<Session>) bean;
		for (SessionRepositoryDecorator decorator : this.decorators.orderedStream().toList()) {
			repository = decorator.decorate(repository);
		}
		return repository;
	}

}
