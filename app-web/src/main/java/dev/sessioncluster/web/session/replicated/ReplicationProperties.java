package dev.sessioncluster.web.session.replicated;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the replicas find each other under {@code app.session.strategy=replicated}: a fixed
 * list of members over TCP, as a small cluster behind one balancer knows its replicas.
 *
 * @param members every replica's replication address, {@code host:port}, this one
 * included
 * @param port the port this replica listens on for the others
 * @param address the local address to listen on and announce to the others; unset: the
 * one Hazelcast picks (the container's address under Docker)
 */
@ConfigurationProperties("app.session.replication")
public record ReplicationProperties(@DefaultValue("127.0.0.1:5701") List<String> members,
		@DefaultValue("5701") int port, String address) {

	public ReplicationProperties {
		if (members.isEmpty()) {
			throw new IllegalArgumentException("app.session.replication.members must name at least this replica");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("app.session.replication.port must be a TCP port, not " + port);
		}
	}

}
