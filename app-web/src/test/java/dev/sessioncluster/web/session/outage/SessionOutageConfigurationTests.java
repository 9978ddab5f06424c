package dev.sessioncluster.web.session.outage;

import java.time.Duration;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import dev.sessioncluster.web.support.FilterOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outage configuration's parts, each without an application context: the Redis
 * client's behaviour while disconnected, the flash map lookup that must not fail a page,
 * and where the two filters sit around Spring Session's.
 */
class SessionOutageConfigurationTests {

	private final SessionOutageConfiguration configuration = new SessionOutageConfiguration();

	@Test
	void commandsAreRejectedWhileDisconnectedInsteadOfQueued() {
		ClientOptions.Builder options = ClientOptions.builder();

		this.configuration.rejectCommandsWhileDisconnected().customize(options);

		assertThat(options.build().getDisconnectedBehavior())
			.isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Test
	void theClientTriesToReconnectEveryHalfSecond() {
		ClientResources.Builder builder = ClientResources.builder();
		this.configuration.reconnectQuickly().customize(builder);
		ClientResources resources = builder.build();
		try {
			assertThat(resources.reconnectDelay().createDelay(1)).isEqualTo(Duration.ofMillis(500));
			assertThat(resources.reconnectDelay().createDelay(20)).isEqualTo(Duration.ofMillis(500));
		}
		finally {
			resources.shutdown(0, 0, TimeUnit.SECONDS);
		}
	}

	@Test
	void flashAttributesAreFoundInTheSessionAsUsual() {
		SessionFlashMapManager manager = this.configuration.flashMapManager();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/profile");
		FlashMap flash = new FlashMap();
		flash.put("message", "Saved");
		request.getSession()
			.setAttribute(SessionFlashMapManager.class.getName() + ".FLASH_MAPS", new ArrayList<>(List.of(flash)));

		Map<String, Object> found = manager.retrieveAndUpdate(request, new MockHttpServletResponse());

		assertThat(found).containsEntry("message", "Saved");
	}

	@Test
	void aStoreThatCannotBeReachedMeansNoFlashAttributes() {
		SessionFlashMapManager manager = this.configuration.flashMapManager();
		MockHttpServletRequest request = new UnreachableSessionRequest("/");

		assertThat((Object) manager.retrieveAndUpdate(request, new MockHttpServletResponse())).isNull();
	}

	@Test
	void aStaticAssetNeverLooksForFlashAttributes() {
		SessionFlashMapManager manager = this.configuration.flashMapManager();
		UnreachableSessionRequest request = new UnreachableSessionRequest("/assets/css/app.css");

		assertThat((Object) manager.retrieveAndUpdate(request, new MockHttpServletResponse())).isNull();
		assertThat(request.sessionAsked).as("the session was looked up").isFalse();
	}

	@Test
	void the503FilterWrapsSpringSessionsFilterAndTheErrorPageFilterRunsInsideItOnErrorDispatches() {
		assertThat(this.configuration.sessionStoreUnavailableFilter().getOrder())
			.isLessThan(SessionRepositoryFilter.DEFAULT_ORDER);
		assertThat(this.configuration.outageErrorPageFilter().getOrder())
			.isGreaterThan(SessionRepositoryFilter.DEFAULT_ORDER)
			.as("before Spring Security, which would ask the store for the session again")
			.isLessThan(FilterOrder.SECURITY);
		assertThat(this.configuration.outageErrorPageFilter().determineDispatcherTypes())
			.isEqualTo(EnumSet.of(DispatcherType.ERROR));
	}

	/** A request whose session store is away, and that records whether it was asked. */
	private static final class UnreachableSessionRequest extends MockHttpServletRequest {

		boolean sessionAsked;

		UnreachableSessionRequest(String uri) {
			super("GET", uri);
			setSession(new MockHttpSession());
		}

		@Override
		public HttpSession getSession(boolean create) {
			this.sessionAsked = true;
			throw new RedisConnectionFailureException("Unable to connect");
		}

	}

}
