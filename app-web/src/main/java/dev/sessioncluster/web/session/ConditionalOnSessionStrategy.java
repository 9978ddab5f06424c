package dev.sessioncluster.web.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code app.session.strategy} is one of the given strategies (unset means
 * {@link SessionStrategy#REDIS}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnSessionStrategyCondition.class)
public @interface ConditionalOnSessionStrategy {

	/**
	 * The strategies under which the annotated configuration or bean applies.
	 * @return the strategies
	 */
	SessionStrategy[] value();

}
