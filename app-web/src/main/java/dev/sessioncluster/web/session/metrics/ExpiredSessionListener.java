package dev.sessioncluster.web.session.metrics;

import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.Topic;

/**
 * Counts the sessions Redis expires. Redis publishes the name of every key that expires
 * on {@code __keyevent@<db>__:expired}, but only when the server is told to, with
 * {@code notify-keyspace-events Ex} (both deployments set it); otherwise no expiry is
 * counted. A sign-out or a revocation deletes its key, which is no expiry.
 */
final class ExpiredSessionListener implements MessageListener {

	/**
	 * The channel on which Redis announces the keys it expires in a database.
	 * @param database the database the sessions are in
	 * @return the channel
	 */
	static Topic expiredKeys(int database) {
		return new ChannelTopic("__keyevent@" + database + "__:expired");
	}

	private final byte[] sessionKeyPrefix;

	private final SessionMetrics metrics;

	/**
	 * A listener for the sessions under one key prefix.
	 * @param sessionKeyPrefix such as {@code spring:session:sessions:}
	 * @param metrics where expiries are counted
	 */
	ExpiredSessionListener(String sessionKeyPrefix, SessionMetrics metrics) {
		this.sessionKeyPrefix = sessionKeyPrefix.getBytes(StandardCharsets.UTF_8);
		this.metrics = metrics;
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		if (startsWithPrefix(message.getBody())) {
			this.metrics.expired();
		}
	}

	private boolean startsWithPrefix(byte[] key) {
		if (key == null || key.length < this.sessionKeyPrefix.length) {
			return false;
		}
		for (int i = 0; i < this.sessionKeyPrefix.length; i++) {
			if (key[i] != this.sessionKeyPrefix[i]) {
				return false;
			}
		}
		return true;
	}

}
