package dev.sessioncluster.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.DefaultCookieSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why the session keeps its data on the server: a browser stores only small cookies.
 * Headless Chromium visits a small HTTP server of the test's own on loopback, which sets
 * one cookie per response; the next request shows what the browser kept. A cookie's name
 * and value together may hold 4096 bytes (its attributes, such as {@code Path}, do not
 * count); with one byte more, Chromium drops the {@code Set-Cookie} without a word, and
 * the page itself loads as usual. The {@code SESSION} cookie that Spring Session writes
 * carries only the session's id (192 random bits, as the application makes them): 51
 * bytes.
 *
 * <pre>
 * GET /set?name=data&amp;bytes=4092   ← Set-Cookie: data=vvv…v (4092 bytes); Path=/; HttpOnly
 * GET /echo                         → Cookie: data=vvv…v                  kept: 4 + 4092 = 4096
 * GET /set?name=data&amp;bytes=4093   ← Set-Cookie: data=vvv…v (4093 bytes); Path=/; HttpOnly
 * GET /echo                         → (no Cookie header)                  dropped: 4097
 * </pre>
 */
class CookieSizeLimitIT {

	/** The most bytes of name and value together that Chromium keeps in one cookie. */
	private static final int LIMIT = 4096;

	private static CookieServer server;

	private static ChromeDriver browser;

	@BeforeAll
	static void start() {
		Browsers.requireChromium();
		server = CookieServer.start();
		browser = Browsers.chromium(true);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (server != null) {
			server.stop();
		}
	}

	@BeforeEach
	void forgetCookies() {
		browser.get(server.url("/echo"));
		browser.manage().deleteAllCookies();
	}

	@ParameterizedTest(name = "{0}-byte name + {1}-byte value = 4096 bytes: kept")
	@CsvSource({ "data, 4092", "d, 4095", "a-much-longer-cookie-name, 4071" })
	void aCookieOf4096BytesIsKeptAndSentBack(String name, int valueBytes) {
		assertThat(name.length() + valueBytes).isEqualTo(LIMIT);

		browser.get(server.url("/set?name=" + name + "&bytes=" + valueBytes));
		assertThat(browser.findElement(By.tagName("body")).getText()).isEqualTo("Set " + name);
		browser.get(server.url("/echo"));

		assertThat(server.lastCookieHeader()).contains(name + "=" + CookieServer.value(valueBytes));
		assertThat(browser.manage().getCookieNamed(name)).extracting(Cookie::getValue)
			.isEqualTo(CookieServer.value(valueBytes));
	}

	@ParameterizedTest(name = "{0}-byte name + {1}-byte value = 4097 bytes: dropped")
	@CsvSource({ "data, 4093", "d, 4096", "a-much-longer-cookie-name, 4072" })
	void aCookieOf4097BytesIsDroppedWithoutAnError(String name, int valueBytes) {
		assertThat(name.length() + valueBytes).isEqualTo(LIMIT + 1);

		browser.get(server.url("/set?name=" + name + "&bytes=" + valueBytes));
		assertThat(browser.findElement(By.tagName("body")).getText()).as("the page loads as usual")
			.isEqualTo("Set " + name);
		browser.get(server.url("/echo"));

		assertThat(server.lastCookieHeader()).as("the Cookie header of the next request").isEmpty();
		assertThat(browser.manage().getCookies()).isEmpty();
	}

	@Test
	void theSessionCookieCarriesOnlyTheIdIn51Bytes() {
		browser.get(server.url("/session"));
		browser.get(server.url("/echo"));

		assertThat(server.lastCookieHeader()).hasValueSatisfying((header) -> {
			assertThat(header).startsWith("SESSION=");
			String id = new String(Base64.getDecoder().decode(header.substring("SESSION=".length())),
					StandardCharsets.UTF_8);
			assertThat(id).matches("[A-Za-z0-9_-]{32}");
			assertThat(header.length() - "=".length()).as("bytes of name and value").isEqualTo(51);
		});
	}

	/**
	 * A plain HTTP server on loopback that sets the cookies the tests ask for and
	 * remembers the {@code Cookie} header of the last request to {@code /echo}.
	 */
	static final class CookieServer {

		private final HttpServer http;

		private final AtomicReference<Optional<String>> lastCookieHeader = new AtomicReference<>(Optional.empty());

		private CookieServer(HttpServer http) {
			this.http = http;
		}

		static CookieServer start() {
			try {
				CookieServer server = new CookieServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
				server.http.createContext("/set", server::set);
				server.http.createContext("/session", server::session);
				server.http.createContext("/echo", server::echo);
				server.http.start();
				return server;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** A cookie value of {@code bytes} ASCII characters. */
		static String value(int bytes) {
			return "v".repeat(bytes);
		}

		String url(String pathAndQuery) {
			return "http://127.0.0.1:" + this.http.getAddress().getPort() + pathAndQuery;
		}

		Optional<String> lastCookieHeader() {
			return this.lastCookieHeader.get();
		}

		void stop() {
			this.http.stop(0);
		}

		/** {@code /set?name=N&bytes=B}: sets cookie N with a value of B bytes. */
		private void set(HttpExchange exchange) throws IOException {
			String name = query(exchange.getRequestURI(), "name");
			int bytes = Integer.parseInt(query(exchange.getRequestURI(), "bytes"));
			exchange.getResponseHeaders().add("Set-Cookie", name + "=" + value(bytes) + "; Path=/; HttpOnly");
			page(exchange, "Set " + name);
		}

		/**
		 * {@code /session}: the header Spring Session writes for a new session, with an
		 * id shaped like the application's: 24 random bytes, URL-safe Base64.
		 */
		private void session(HttpExchange exchange) throws IOException {
			MockHttpServletRequest request = new MockHttpServletRequest();
			MockHttpServletResponse response = new MockHttpServletResponse();
			new DefaultCookieSerializer().writeCookieValue(new CookieValue(request, response, sessionId()));
			exchange.getResponseHeaders().add("Set-Cookie", response.getHeader("Set-Cookie"));
			page(exchange, "Session");
		}

		private static String sessionId() {
			byte[] random = new byte[24];
			new SecureRandom().nextBytes(random);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		}

		private void echo(HttpExchange exchange) throws IOException {
			this.lastCookieHeader.set(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Cookie")));
			page(exchange, "Echo");
		}

		private static String query(URI uri, String parameter) {
			for (String pair : uri.getRawQuery().split("&")) {
				if (pair.startsWith(parameter + "=")) {
					return pair.substring(parameter.length() + 1);
				}
			}
			throw new IllegalArgumentException("No " + parameter + " in " + uri);
		}

		private static void page(HttpExchange exchange, String text) throws IOException {
			byte[] body = ("<!DOCTYPE html><html><body>" + text + "</body></html>").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			try {
				exchange.getResponseBody().write(body);
			}
			finally {
				exchange.close();
			}
		}

	}

}
