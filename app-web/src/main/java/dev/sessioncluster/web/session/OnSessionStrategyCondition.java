package dev.sessioncluster.web.session;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnSessionStrategy}: binds
 * {@code app.session.strategy} as the properties do, so {@code replicated},
 * {@code REPLICATED} and {@code Replicated} all match.
 */
class OnSessionStrategyCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		SessionStrategy[] wanted = (SessionStrategy[]) metadata
			.getAnnotationAttributes(ConditionalOnSessionStrategy.class.getName())
			.get("value");
		SessionStrategy strategy = SessionStrategyProperties.bind(Binder.get(context.getEnvironment()));
		List<SessionStrategy> matching = Arrays.asList(wanted);
		String message = "app.session.strategy is " + strategy.key();
		return matching.contains(strategy) ? ConditionOutcome.match(message)
				: ConditionOutcome.noMatch(message + ", not one of " + matching);
	}

}
