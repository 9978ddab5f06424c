package dev.sessioncluster.web.session;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code app.session.strategy=sticky} over real HTTP: sessions stay in this instance's
 * memory, and their ids end with its name, which the balancer routes by. The cluster
 * tests show the routing, and the dead replica's visitors signed out.
 */
@TestPropertySource(properties = "app.session.strategy=sticky")
class StickySessionsTests extends RedisHttpTestSupport {

	@Test
	void sessionIdsEndWithTheReplicaThatCreatedThemForTheBalancerToRouteBy() {
		HttpUser user = newUser();
		user.register(uniqueName("sticky"), "a long enough password");

		String cookie = user.sessionCookie().orElseThrow();

		// The id as it is, not Base64: the balancer reads the route from the cookie.
		assertThat(cookie).matches("[A-Za-z0-9_-]{32}\\.replica-a");
		Response profile = user.get("/profile");
		assertThat(profile.status()).isEqualTo(200);
		assertThat(profile.body()).contains("Sessions: each replica&#39;s own memory, sticky balancing");
	}

	@Test
	void withoutCookiesTheRoutedIdTravelsInUrls() {
		String username = uniqueName("sticky-url");
		newUser().register(username, "a long enough password");
		HttpUser user = newUserWithoutCookies();
		Response login = user.get("/login");

		Response signedIn = user.postForm("/login",
				Map.of("username", username, "password", "a long enough password", "_csrf", login.csrfToken()));

		assertThat(signedIn.location()).matches("/profile\\?sid=[A-Za-z0-9_-]{32}\\.replica-a");
		assertThat(user.get(signedIn.location()).body()).contains("@" + username);
	}

}
