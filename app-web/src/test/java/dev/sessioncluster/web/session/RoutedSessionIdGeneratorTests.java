package dev.sessioncluster.web.session;

import org.junit.jupiter.api.Test;

import dev.sessioncluster.web.urlsession.UrlSessionIds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RoutedSessionIdGeneratorTests {

	@Test
	void anIdIsTheRandomPartAndTheRouteAfterADot() {
		RoutedSessionIdGenerator ids = new RoutedSessionIdGenerator(new SecureSessionIdGenerator(), "app2");

		String id = ids.generate();

		assertThat(id).matches("[A-Za-z0-9_-]{32}\\.app2");
		assertThat(ids.generate()).isNotEqualTo(id).endsWith(".app2");
		assertThat(UrlSessionIds.isWellFormed(id)).isTrue();
	}

	@Test
	void aRouteThatCouldNotBeReadBackFromTheIdIsRefusedAtStart() {
		SecureSessionIdGenerator random = new SecureSessionIdGenerator();
		assertThatIllegalArgumentException().isThrownBy(() -> new RoutedSessionIdGenerator(random, "app.1"))
			.withMessageContaining("app.replica-id");
		assertThatIllegalArgumentException().isThrownBy(() -> new RoutedSessionIdGenerator(random, "a".repeat(32)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RoutedSessionIdGenerator(random, ""));
	}

}
