package dev.sessioncluster.web.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Identity of this replica, shown in every page footer and in the {@code X-Served-By}
 * response header so that load balancing and failover are visible.
 *
 * @param replicaId the name of this replica ({@code APP_REPLICA_ID}); defaults to the
 * host name, which is the container id under Docker
 */
@ConfigurationProperties("app")
public record ReplicaProperties(String replicaId) {

	public ReplicaProperties {
		if (replicaId == null || replicaId.isBlank()) {
			replicaId = hostName();
		}
		else if (!replicaId.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException("app.replica-id must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
