package dev.sessioncluster.web.session.replicated;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSession;

/**
 * A session as the bytes Hazelcast carries to the other replicas: its times, then each
 * attribute with its value in the same JSON as in Redis (the application's session
 * codec). Hazelcast stores and copies byte arrays as they are, so no class of the
 * application is deserialized by Hazelcast, and replicas of different builds read each
 * other's sessions as they do from Redis.
 */
final class SessionBytes {

	private static final byte FORMAT = 1;

	private final RedisSerializer<Object> values;

	/**
	 * @param values the session attribute codec
	 */
	SessionBytes(RedisSerializer<Object> values) {
		this.values = values;
	}

	byte[] write(MapSession session) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeLong(session.getCreationTime().toEpochMilli());
			out.writeLong(session.getLastAccessedTime().toEpochMilli());
			out.writeLong(session.getMaxInactiveInterval().toSeconds());
			out.writeInt(session.getAttributeNames().size());
			for (String name : session.getAttributeNames()) {
				byte[] value = this.values.serialize(session.getAttribute(name));
				out.writeUTF(name);
				out.writeInt(value.length);
				out.write(value);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	MapSession read(String id, byte[] stored) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
			byte format = in.readByte();
			if (format != FORMAT) {
				throw new IllegalStateException("Unknown replicated session format " + format);
			}
			MapSession session = new MapSession(id);
			session.setCreationTime(Instant.ofEpochMilli(in.readLong()));
			session.setLastAccessedTime(Instant.ofEpochMilli(in.readLong()));
			session.setMaxInactiveInterval(Duration.ofSeconds(in.readLong()));
			int attributes = in.readInt();
			for (int i = 0; i < attributes; i++) {
				String name = in.readUTF();
				byte[] value = in.readNBytes(in.readInt());
				session.setAttribute(name, this.values.deserialize(value));
			}
			return session;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
