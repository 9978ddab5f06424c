package dev.sessioncluster.web.session.replicated;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SessionBytesTests {

	private final SessionBytes bytes = new SessionBytes(
			new GenericJacksonJsonRedisSerializer(JsonMapper.builder().build()));

	@Test
	void aSessionReadsBackWithItsTimesAndAttributes() {
		MapSession session = new MapSession("an-id");
		session.setCreationTime(Instant.parse("2026-12-01T10:00:00.123Z"));
		session.setLastAccessedTime(Instant.parse("2026-12-01T10:05:00.456Z"));
		session.setMaxInactiveInterval(Duration.ofMinutes(10));
		session.setAttribute("name", "alice");
		session.setAttribute("count", 3);
		session.setAttribute("list", List.of("a", "b"));

		MapSession read = this.bytes.read("an-id", this.bytes.write(session));

		assertThat(read.getId()).isEqualTo("an-id");
		assertThat(read.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(read.getLastAccessedTime()).isEqualTo(session.getLastAccessedTime());
		assertThat(read.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(10));
		assertThat(read.getAttributeNames()).containsExactlyInAnyOrder("name", "count", "list");
		assertThat((String) read.getAttribute("name")).isEqualTo("alice");
		assertThat((Integer) read.getAttribute("count")).isEqualTo(3);
		assertThat(read.<List<String>>getAttribute("list")).containsExactly("a", "b");
	}

	@Test
	void aSessionWithoutAttributesReadsBackEmpty() {
		MapSession session = new MapSession("empty");
		session.setMaxInactiveInterval(Duration.ofSeconds(-1));

		MapSession read = this.bytes.read("empty", this.bytes.write(session));

		assertThat(read.getAttributeNames()).isEmpty();
		assertThat(read.getMaxInactiveInterval()).isEqualTo(Duration.ofSeconds(-1));
	}

	@Test
	void bytesOfAnotherFormatAreRefused() {
		byte[] written = this.bytes.write(new MapSession("x"));
		written[0] = 2;

		assertThatIllegalStateException().isThrownBy(() -> this.bytes.read("x", written))
			.withMessageContaining("format 2");
	}

}
