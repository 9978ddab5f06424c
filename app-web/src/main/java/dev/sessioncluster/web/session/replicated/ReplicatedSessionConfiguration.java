package dev.sessioncluster.web.session.replicated;

import java.time.Duration;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

import dev.sessioncluster.web.session.ConditionalOnSessionStrategy;
import dev.sessioncluster.web.session.SessionStrategy;

/**
 * {@code app.session.strategy=replicated}. Spring Boot starts the Hazelcast member from
 * the {@link Config} below; Spring Session's filter uses the repository over its map, and
 * Boot's Redis session configuration steps aside.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSessionStrategy(SessionStrategy.REPLICATED)
@EnableSpringHttpSession
class ReplicatedSessionConfiguration {

	/** The map of sessions, by id. */
	static final String SESSIONS = "sessions";

	/** Hazelcast keeps at most this many backups of an entry. */
	private static final int MAX_BACKUPS = 6;

	/**
	 * One Hazelcast member per replica, joined to the others over TCP by a fixed list.
	 * The map keeps a synchronous backup on every other member, and reads its local copy:
	 * every replica holds every session, which is the point of replication (and its
	 * cost). A member that stops answering is dropped after 5 s without heartbeats, or at
	 * once when its connection is refused, and the backups take over its entries.
	 * @param replication the members and this one's address
	 * @return the configuration Spring Boot starts a member with
	 */
	@Bean
	Config hazelcastConfig(ReplicationProperties replication) {
		Config config = new Config();
		config.setClusterName("session-cluster");
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.phone.home.enabled", "false");
		// Spring closes the member with the application context.
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
		config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
		// A replica that starts alone does not wait long for members that are not there.
		config.setProperty("hazelcast.wait.seconds.before.join", "1");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(replication.port()).setPortAutoIncrement(false);
		if (replication.address() != null) {
			network.getInterfaces().setEnabled(true).addInterface(replication.address());
			network.setPublicAddress(replication.address() + ":" + replication.port());
		}
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(replication.members());
		int others = replication.members().size() - 1;
		config.addMapConfig(new MapConfig(SESSIONS).setBackupCount(Math.min(others, MAX_BACKUPS))
			.setAsyncBackupCount(0)
			.setReadBackupData(true));
		return config;
	}

	@Bean
	ReplicatedSessionRepository sessionRepository(HazelcastInstance hazelcast,
			@Qualifier("springSessionDefaultRedisSerializer") RedisSerializer<Object> values,
			SessionIdGenerator sessionIdGenerator, SessionProperties properties) {
		Duration timeout = (properties.getTimeout() != null) ? properties.getTimeout() : Duration.ofMinutes(30);
		return new ReplicatedSessionRepository(hazelcast.getMap(SESSIONS), new SessionBytes(values), sessionIdGenerator,
				timeout);
	}

}
