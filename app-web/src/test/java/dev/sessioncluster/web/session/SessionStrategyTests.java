package dev.sessioncluster.web.session;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStrategyTests {

	@ParameterizedTest
	@EnumSource(SessionStrategy.class)
	void theNameShownInThePagesIsTheValueTheSettingTakes(SessionStrategy strategy) {
		Binder binder = new Binder(
				new MapConfigurationPropertySource(Map.of(SessionStrategyProperties.NAME, strategy.key())));

		assertThat(strategy.key()).isLowerCase().isNotBlank();
		assertThat(SessionStrategyProperties.bind(binder)).isEqualTo(strategy);
	}

	@ParameterizedTest
	@EnumSource(SessionStrategy.class)
	void sessionsAreKeptEitherInRedisOrByEachReplicaOrReplicatedBetweenThem(SessionStrategy strategy) {
		long answers = Stream
			.of(strategy.keptInRedis(), strategy.keptByEachReplica(), strategy == SessionStrategy.REPLICATED)
			.filter(Boolean::booleanValue)
			.count();

		assertThat(answers).isOne();
	}

}
