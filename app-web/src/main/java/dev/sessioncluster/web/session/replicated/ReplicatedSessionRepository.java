package dev.sessioncluster.web.session.replicated;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.IMap;

import org.springframework.session.MapSession;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.SessionRepository;

/**
 * Sessions in a Hazelcast map that every replica holds whole. A write returns once every
 * other replica has its copy (synchronous backups), and a read is answered from this
 * replica's own copy: the next request sees the write wherever it lands. Each entry lives
 * as long as the session may stay idle, counted from its last write, as a Redis key's
 * expiry is.
 */
final class ReplicatedSessionRepository implements SessionRepository<MapSession> {

	private final IMap<String, byte[]> sessions;

	private final SessionBytes bytes;

	private final SessionIdGenerator ids;

	private final Duration maxInactiveInterval;

	/**
	 * @param sessions the replicated map
	 * @param bytes how a session is written to it
	 * @param ids makes new session ids
	 * @param maxInactiveInterval how long a new session may stay idle
	 */
	ReplicatedSessionRepository(IMap<String, byte[]> sessions, SessionBytes bytes, SessionIdGenerator ids,
			Duration maxInactiveInterval) {
		this.sessions = sessions;
		this.bytes = bytes;
		this.ids = ids;
		this.maxInactiveInterval = maxInactiveInterval;
	}

	@Override
	public MapSession createSession() {
		MapSession session = new MapSession(this.ids);
		session.setMaxInactiveInterval(this.maxInactiveInterval);
		return session;
	}

	@Override
	public void save(MapSession session) {
		if (!session.getId().equals(session.getOriginalId())) {
			this.sessions.delete(session.getOriginalId());
		}
		long idle = session.getMaxInactiveInterval().toSeconds();
		// Hazelcast reads a time-to-live of 0 as "forever", as a negative idle timeout
		// means.
		this.sessions.set(session.getId(), this.bytes.write(session), Math.max(idle, 0), TimeUnit.SECONDS);
	}

	@Override
	public MapSession findById(String id) {
		byte[] stored = this.sessions.get(id);
		if (stored == null) {
			return null;
		}
		MapSession session = this.bytes.read(id, stored);
		if (session.isExpired()) {
			this.sessions.delete(id);
			return null;
		}
		session.setSessionIdGenerator(this.ids);
		return session;
	}

	@Override
	public void deleteById(String id) {
		this.sessions.delete(id);
	}

}
