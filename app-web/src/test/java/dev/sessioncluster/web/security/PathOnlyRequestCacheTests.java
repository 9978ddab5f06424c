package dev.sessioncluster.web.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.savedrequest.SavedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page asked for before sign-in is kept as one short path on this site: never a host,
 * never a session id, never a request that is not a page.
 */
class PathOnlyRequestCacheTests {

	private final PathOnlyRequestCache cache = new PathOnlyRequestCache();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void aPageIsKeptAsItsPathAndQueryWithoutTheSessionIdAndWithoutTheHost() {
		MockHttpServletRequest request = get("//evil.example/account/sessions");
		request.setQueryString("tab=2&sid=AAAAAAAAAAAAAAAAAAAAAAAA");
		request.setServerName("evil.example");

		this.cache.saveRequest(request, this.response);

		assertThat(request.getSession().getAttribute(PathOnlyRequestCache.ATTRIBUTE))
			.isEqualTo("/evil.example/account/sessions?tab=2");
		SavedRequest saved = this.cache.getRequest(request, this.response);
		assertThat(saved.getRedirectUrl()).isEqualTo("/evil.example/account/sessions?tab=2");
	}

	@Test
	void aPageWithoutAQueryIsKeptAsItsPath() {
		MockHttpServletRequest request = get("/profile");

		this.cache.saveRequest(request, this.response);

		assertThat(this.cache.getRequest(request, this.response).getRedirectUrl()).isEqualTo("/profile");
	}

	@Test
	void onlyAGetOfAPageIsKeptAndNotOneLongerThanTheLimit() {
		MockHttpServletRequest post = get("/account/password");
		post.setMethod("POST");
		MockHttpServletRequest script = get("/profile");
		script.addHeader("X-Requested-With", "XMLHttpRequest");
		MockHttpServletRequest asset = get("/assets/css/app.css");
		MockHttpServletRequest tooLong = get("/profile");
		tooLong.setQueryString("q=" + "x".repeat(PathOnlyRequestCache.MAX_LENGTH - "/profile?q=".length() + 1));

		for (MockHttpServletRequest request : new MockHttpServletRequest[] { post, script, asset, tooLong }) {
			this.cache.saveRequest(request, this.response);

			assertThat(request.getSession(false)).as("%s %s", request.getMethod(), request.getRequestURI()).isNull();
		}
		MockHttpServletRequest longest = get("/profile");
		longest.setQueryString("q=" + "x".repeat(PathOnlyRequestCache.MAX_LENGTH - "/profile?q=".length()));
		this.cache.saveRequest(longest, this.response);
		assertThat(this.cache.getRequest(longest, this.response)).as("exactly the limit").isNotNull();
	}

	@Test
	void withoutASessionOrASavedPathThereIsNothingToGoTo() {
		MockHttpServletRequest request = get("/login");
		assertThat(this.cache.getRequest(request, this.response)).isNull();
		assertThat(request.getSession(false)).as("no session created to look").isNull();

		request.setSession(new MockHttpSession());
		request.getSession().setAttribute(PathOnlyRequestCache.ATTRIBUTE, 42);
		assertThat(this.cache.getRequest(request, this.response)).isNull();
	}

	@Test
	void aPathPlantedWithLeadingSlashesStillGoesToThisSite() {
		MockHttpServletRequest request = get("/login");
		request.getSession().setAttribute(PathOnlyRequestCache.ATTRIBUTE, "//evil.example/x");

		assertThat(this.cache.getRequest(request, this.response).getRedirectUrl()).isEqualTo("/evil.example/x");
	}

	@Test
	void aSavedRequestIsNeverReplayedAndIsRemovedOnce() {
		MockHttpServletRequest request = get("/profile");
		this.cache.saveRequest(request, this.response);
		MockHttpSession session = (MockHttpSession) request.getSession();

		assertThat(this.cache.getMatchingRequest(request, this.response)).isNull();
		this.cache.removeRequest(request, this.response);

		assertThat(session.getAttribute(PathOnlyRequestCache.ATTRIBUTE)).isNull();
		MockHttpServletRequest withoutSession = get("/profile");
		this.cache.removeRequest(withoutSession, this.response);
		assertThat(withoutSession.getSession(false)).isNull();
	}

	private static MockHttpServletRequest get(String uri) {
		return new MockHttpServletRequest("GET", uri);
	}

}
