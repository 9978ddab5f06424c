package dev.sessioncluster.web.session.replicated;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository over a real Hazelcast map, on one member that joins nobody.
 */
class ReplicatedSessionRepositoryTests {

	private static HazelcastInstance hazelcast;

	private static IMap<String, byte[]> map;

	/** Not Spring Session's default of 30 minutes: the repository must set it. */
	private static final Duration IDLE = Duration.ofMinutes(45);

	/**
	 * Not the UUIDs a session makes by default: the repository must hand over its own.
	 */
	private static final String ID_PREFIX = "replicated-";

	private final ReplicatedSessionRepository repository = new ReplicatedSessionRepository(map,
			new SessionBytes(new GenericJacksonJsonRedisSerializer(JsonMapper.builder().build())),
			() -> ID_PREFIX + UUID.randomUUID(), IDLE);

	@BeforeAll
	static void startMember() {
		Config config = new Config();
		config.setClusterName("sessions-test-" + UUID.randomUUID());
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
		config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
		config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		hazelcast = Hazelcast.newHazelcastInstance(config);
		map = hazelcast.getMap(ReplicatedSessionConfiguration.SESSIONS);
	}

	@AfterAll
	static void stopMember() {
		if (hazelcast != null) {
			hazelcast.shutdown();
		}
	}

	@Test
	void aNewSessionHasAGeneratedIdAndTheConfiguredIdleTimeout() {
		MapSession session = this.repository.createSession();

		assertThat(session.getId()).startsWith(ID_PREFIX);
		assertThat(session.getMaxInactiveInterval()).isEqualTo(IDLE);
		assertThat(session.changeSessionId()).as("a new session's next id comes from the same generator")
			.startsWith(ID_PREFIX);
	}

	@Test
	void aSavedSessionIsFoundWithItsAttributesAndLivesAsLongAsItMayStayIdle() {
		MapSession session = this.repository.createSession();
		session.setAttribute("name", "alice");
		session.setMaxInactiveInterval(Duration.ofMinutes(7));

		this.repository.save(session);
		MapSession found = this.repository.findById(session.getId());

		assertThat(found).isNotNull();
		assertThat((String) found.getAttribute("name")).isEqualTo("alice");
		assertThat(map.getEntryView(session.getId()).getTtl()).isEqualTo(Duration.ofMinutes(7).toMillis());
		assertThat(found.changeSessionId()).as("the id generator travels with a found session").startsWith(ID_PREFIX);
	}

	@Test
	void aSessionThatNeverExpiresIsKeptWithoutATimeToLive() {
		MapSession session = this.repository.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(-1));

		this.repository.save(session);

		assertThat(map.getEntryView(session.getId()).getTtl()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void aChangedIdReplacesTheOldEntry() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);
		MapSession found = this.repository.findById(session.getId());
		String old = found.getId();

		String renewed = found.changeSessionId();
		this.repository.save(found);

		assertThat(map.containsKey(old)).isFalse();
		assertThat(this.repository.findById(renewed)).isNotNull();
	}

	@Test
	void anExpiredSessionIsNotFoundAndIsRemoved() {
		MapSession session = this.repository.createSession();
		session.setLastAccessedTime(Instant.now().minus(IDLE).minusSeconds(60));
		this.repository.save(session);

		assertThat(this.repository.findById(session.getId())).isNull();
		assertThat(map.containsKey(session.getId())).isFalse();
	}

	@Test
	void aDeletedSessionIsGoneAndAnUnknownIdIsNoSession() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);

		this.repository.deleteById(session.getId());

		assertThat(this.repository.findById(session.getId())).isNull();
		assertThat(this.repository.findById("unknown")).isNull();
	}

}
