package dev.sessioncluster.web.session;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static dev.sessioncluster.web.session.RedisCommandCountTests.commandCountsFor;
import static dev.sessioncluster.web.session.RedisCommandCountTests.tenPages;
import static dev.sessioncluster.web.session.RedisCommandCountTests.updateProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the near cache ({@code app.session.near-cache.enabled=false}): every signed-in
 * request reads its session once, and nothing more unless it changes the session.
 */
@TestPropertySource(properties = "app.session.near-cache.enabled=false")
class RedisCommandCountWithoutNearCacheTests extends RedisHttpTestSupport {

	@Test
	void aSignedInPageThatChangesNothingCostsOneRead() {
		HttpUser user = newUser();
		user.register(uniqueName("counted"), "a long enough password");
		assertThat(user.get("/profile").status()).isEqualTo(200);

		assertThat(commandCountsFor(this.redis, () -> tenPages(user))).isEqualTo(Map.of("hgetall", 10L));
	}

	@Test
	void aProfileUpdateCostsOneReadAndOneCheckedWrite() {
		HttpUser user = newUser();
		user.register(uniqueName("updated"), "a long enough password");
		HttpUser.Response form = user.get("/profile");

		// Two round trips: the read, and the script that writes only if the session still
		// exists (Redis counts the commands a script runs as well).
		assertThat(commandCountsFor(this.redis, () -> assertThat(updateProfile(user, form)).isEqualTo(302)))
			.isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L, "exists", 1L, "hset", 1L, "pexpireat", 1L));
	}

}
