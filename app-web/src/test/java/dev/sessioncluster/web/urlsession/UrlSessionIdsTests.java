package dev.sessioncluster.web.urlsession;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class UrlSessionIdsTests {

	private static final String ID = "6bf3c2d0-91a7-4b55-8e0a-2f4f6a0d9c11";

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/profile                        | /profile?sid=ID
			/                               | /?sid=ID
			/login?error                    | /login?error&sid=ID
			/login?error#form               | /login?error&sid=ID#form
			/profile#bio                    | /profile?sid=ID#bio
			/search?q=a%20b&page=2          | /search?q=a%20b&page=2&sid=ID
			/login?sid=old&x=1              | /login?x=1&sid=ID
			/login?x=1&sid=old&sid=older    | /login?x=1&sid=ID
			/login?sid                      | /login?sid=ID
			/login?                         | /login?sid=ID
			profile                         | profile?sid=ID
			http://localhost/profile?a=1    | http://localhost/profile?a=1&sid=ID
			""")
	void addsTheIdOnceKeepingQueryAndFragment(String url, String expected) {
		assertThat(UrlSessionIds.withSid(url, ID)).isEqualTo(expected.replace("ID", ID));
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/profile?sid=abc                | /profile
			/login?error&sid=abc#top        | /login?error#top
			/login?sid=abc&error            | /login?error
			/profile                        | /profile
			""")
	void removesTheId(String url, String expected) {
		assertThat(UrlSessionIds.withoutSid(url)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/profile", "/", "/login?error", "profile", "../account/password", "/profile#x",
			"http://localhost/profile", "http://LOCALHOST:80/profile", "//localhost/profile" })
	void rewritesThisApplicationsPages(String url) {
		assertThat(UrlSessionIds.isRewritable(url, request())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/assets/css/app.css", "/assets/css/app-6c11fa15.css", "/assets/images/logo.svg",
			"/assets/fonts/inter", "/js/app.js", "/favicon.ico", "/webjars/x/y.js", "/robots.txt",
			"/ASSETS/Images/Logo.SVG?v=1", "https://elsewhere.example/", "http://elsewhere.example/profile",
			"//elsewhere.example/profile", "https://localhost/profile", "http://localhost:8081/profile",
			"mailto:alice@example.com", "javascript:alert(1)", "data:text/html,x", "tel:+4912345", "#top", "#", "", " ",
			"http://[bad" })
	void leavesEverythingElseAlone(String url) {
		assertThat(UrlSessionIds.isRewritable(url, request())).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { ID, "ZDE3YTk5ZWMtNDc4Zi00", "abcdefghijklmnop", "A_b-C_d-E_f-G_h-I",
			"ZDE3YTk5ZWMtNDc4Zi00.app1" })
	void acceptsWellFormedIds(String id) {
		assertThat(UrlSessionIds.isWellFormed(id)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "short", "<script>alert(1)</script>", "../../etc/passwd", "abc def ghi jkl mno",
			"ünïcödé-ünïcödé-ünï", "abc%00defghijklmnop", "' OR 1=1 --abcdefgh", "ZDE3YTk5ZWMtNDc4Zi00.",
			"ZDE3YTk5ZWMtNDc4Zi00.app.1", "ZDE3YTk5ZWMtNDc4Zi00..app1", ".app1" })
	void rejectsMalformedIds(String id) {
		assertThat(UrlSessionIds.isWellFormed(id)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void rejectsAnOversizedId() {
		assertThat(UrlSessionIds.isWellFormed("a".repeat(10 * 1024))).isFalse();
		assertThat(UrlSessionIds.isWellFormed("a".repeat(65))).isFalse();
		assertThat(UrlSessionIds.isWellFormed("a".repeat(32) + "." + "b".repeat(32))).isFalse();
		assertThat(UrlSessionIds.isWellFormed(null)).isFalse();
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			sid=abc                  | abc
			x=1&sid=abc&sid=def      | abc
			sid=a%2Db                | a-b
			sid                      | ''
			xsid=abc                 | NULL
			sid=%zz                  | NULL
			NULL                     | NULL
			""")
	void readsTheFirstSidOfAQueryString(String query, String expected) {
		assertThat(UrlSessionIds.read(query)).isEqualTo(expected);
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/page");
		request.setScheme("http");
		request.setServerName("localhost");
		request.setServerPort(80);
		return request;
	}

}
