package dev.sessioncluster.web.session;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalOnSessionStrategyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Stores.class);

	@Test
	void withoutTheSettingSessionsAreKeptInRedis() {
		this.runner.run((context) -> assertThat(context).hasBean("redis")
			.doesNotHaveBean("replicated")
			.doesNotHaveBean("memory"));
	}

	@Test
	void theSettingIsReadAsPropertiesAreWhateverItsCase() {
		this.runner.withPropertyValues("app.session.strategy=Replicated")
			.run((context) -> assertThat(context).hasBean("replicated").doesNotHaveBean("redis"));
		this.runner.withPropertyValues("app.session.strategy=sentinel")
			.run((context) -> assertThat(context).hasBean("redis").doesNotHaveBean("replicated"));
		this.runner.withPropertyValues("app.session.strategy=STICKY")
			.run((context) -> assertThat(context).hasBean("memory").doesNotHaveBean("redis"));
	}

	@Test
	void anUnknownStrategyStopsTheStartWithTheValuesItCouldBe() {
		this.runner.withPropertyValues("app.session.strategy=memcached")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("memcached"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Stores {

		@Bean
		@ConditionalOnSessionStrategy({ SessionStrategy.REDIS, SessionStrategy.SENTINEL })
		String redis() {
			return "redis";
		}

		@Bean
		@ConditionalOnSessionStrategy(SessionStrategy.REPLICATED)
		String replicated() {
			return "replicated";
		}

		@Bean
		@ConditionalOnSessionStrategy({ SessionStrategy.NONE, SessionStrategy.STICKY })
		String memory() {
			return "memory";
		}

	}

}
