package dev.sessioncluster.web.urlsession;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.DefaultCookieSerializer;

import static org.assertj.core.api.Assertions.assertThat;

class CookieOrUrlSessionIdResolverTests {

	private static final String COOKIE_ID = "11111111-1111-4111-8111-111111111111";

	private static final String URL_ID = "22222222-2222-4222-8222-222222222222";

	private final CookieOrUrlSessionIdResolver resolver = new CookieOrUrlSessionIdResolver(
			new DefaultCookieSerializer(), "SESSION");

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/profile");

	@Test
	void takesTheIdFromTheCookie() {
		this.request.setCookies(sessionCookie(COOKIE_ID));

		assertThat(this.resolver.resolveSessionIds(this.request)).containsExactly(COOKIE_ID);
		assertThat(this.resolver.transport(this.request)).isEqualTo(SessionTransport.COOKIE);
	}

	@Test
	void neverTakesTheUrlIdWhenACookieIsPresent() {
		this.request.setCookies(sessionCookie(COOKIE_ID));
		this.request.setQueryString("sid=" + URL_ID);

		assertThat(this.resolver.resolveSessionIds(this.request)).containsExactly(COOKIE_ID);
		assertThat(SessionTransport.of(this.request)).isEqualTo(SessionTransport.COOKIE);
	}

	@Test
	void evenAnUndecodableCookieCountsAsACookie() {
		this.request.setCookies(new Cookie("SESSION", "%%%not-base64%%%"));
		this.request.setQueryString("sid=" + URL_ID);

		assertThat(this.resolver.resolveSessionIds(this.request)).doesNotContain(URL_ID);
		assertThat(this.resolver.transport(this.request)).isEqualTo(SessionTransport.COOKIE);
	}

	@Test
	void neverTakesTheUrlIdFromABrowserThatKeptTheCookieProbe() {
		this.request.setCookies(new Cookie("SESSION_PROBE", "MQ=="));
		this.request.setQueryString("sid=" + URL_ID);

		assertThat(this.resolver.resolveSessionIds(this.request)).isEmpty();
		assertThat(this.resolver.transport(this.request)).isEqualTo(SessionTransport.COOKIE);
	}

	@Test
	void neverTakesTheUrlIdOfALinkFollowedFromAnotherSite() {
		this.request.setQueryString("sid=" + URL_ID);
		this.request.addHeader("Sec-Fetch-Site", "cross-site");

		assertThat(this.resolver.resolveSessionIds(this.request)).isEmpty();
		assertThat(this.resolver.transport(this.request)).isEqualTo(SessionTransport.NONE);
	}

	@Test
	void takesTheUrlIdOfTheApplicationsOwnLinksAndOfATypedAddress() {
		for (String site : new String[] { "same-origin", "none" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/profile");
			request.setQueryString("sid=" + URL_ID);
			request.addHeader("Sec-Fetch-Site", site);

			assertThat(this.resolver.resolveSessionIds(request)).as(site).containsExactly(URL_ID);
		}
	}

	@Test
	void takesTheUrlIdWithoutACookie() {
		this.request.setQueryString("error&sid=" + URL_ID);

		assertThat(this.resolver.resolveSessionIds(this.request)).containsExactly(URL_ID);
		assertThat(this.resolver.transport(this.request)).isEqualTo(SessionTransport.URL);
	}

	@Test
	void ignoresAMalformedUrlId() {
		for (String forged : new String[] { "<script>", "x".repeat(10 * 1024), "", "../../../etc/passwd" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/profile");
			request.setQueryString("sid=" + forged);
			assertThat(this.resolver.resolveSessionIds(request)).as(forged).isEmpty();
			assertThat(this.resolver.transport(request)).isEqualTo(SessionTransport.NONE);
		}
	}

	@Test
	void ignoresAnIdInTheRequestBody() {
		this.request.setMethod("POST");
		this.request.setParameter("sid", URL_ID);

		assertThat(this.resolver.resolveSessionIds(this.request)).isEmpty();
	}

	@Test
	void issuesIdsAsCookies() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.resolver.setSessionId(this.request, response, URL_ID);

		assertThat(response.getHeader("Set-Cookie")).startsWith("SESSION=" + base64(URL_ID)).contains("HttpOnly");
	}

	@Test
	void expiresTheCookie() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.resolver.expireSession(this.request, response);

		assertThat(response.getHeader("Set-Cookie")).startsWith("SESSION=;").contains("Max-Age=0");
	}

	private static Cookie sessionCookie(String id) {
		return new Cookie("SESSION", base64(id));
	}

	private static String base64(String id) {
		return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
	}

}
