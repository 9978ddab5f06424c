package dev.sessioncluster.web.session;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelSessionConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withUserConfiguration(Strategy.class);

	@Test
	void sentinelWithoutTheSentinelsStopsTheStartSayingWhatToSet() {
		this.runner.withPropertyValues("app.session.strategy=sentinel", "spring.data.redis.host=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("app.session.strategy")
				.hasMessageContaining("spring.data.redis.sentinel.nodes")
				.hasMessageContaining("spring.data.redis.sentinel.master"));
	}

	@Test
	void sentinelWithTheSentinelsStarts() {
		this.runner
			.withPropertyValues("app.session.strategy=sentinel", "spring.data.redis.sentinel.master=sessioncluster",
					"spring.data.redis.sentinel.nodes=127.0.0.1:26379,127.0.0.1:26380")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SentinelSessionConfiguration.class));
	}

	@Test
	void theOtherStrategiesDoNotAskForSentinels() {
		this.runner.withPropertyValues("app.session.strategy=redis")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SentinelSessionConfiguration.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SessionStrategyProperties.class)
	@Import(SentinelSessionConfiguration.class)
	static class Strategy {

	}

}
