package dev.sessioncluster.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A scripted visitor: plain HTTP with its own cookie jar and no automatic redirects, so
 * tests see every {@code Set-Cookie} and {@code Location} exactly as a browser would.
 */
public final class HttpUser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern FORM = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"[^>]*>(.*?)</form>",
			Pattern.DOTALL);

	private static final Pattern SUBMISSION = Pattern.compile("name=\"_submission\"\\s+value=\"([^\"]+)\"");

	private static final java.util.Random RANDOM = new java.util.Random();

	private static final Pattern SID = Pattern.compile("[?&;]sid=([A-Za-z0-9_.-]+)");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient client;

	private final boolean acceptsCookies;

	private String baseUrl;

	/**
	 * The client address this visitor comes from, as a trusted proxy reports it
	 * ({@code X-Forwarded-For}): every visitor is a different client, as on the internet,
	 * so that per-address sign-in throttling counts each test's attempts apart.
	 */
	private String clientAddress = "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "."
			+ (1 + RANDOM.nextInt(254));

	/** The session id this visitor carries in URLs, when it refuses cookies. */
	private String sid;

	public HttpUser(String baseUrl, boolean acceptsCookies) {
		this.baseUrl = baseUrl;
		this.acceptsCookies = acceptsCookies;
		this.cookies.setCookiePolicy(acceptsCookies ? CookiePolicy.ACCEPT_ALL : CookiePolicy.ACCEPT_NONE);
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public static HttpUser at(int port) {
		return new HttpUser("http://127.0.0.1:" + port, true);
	}

	/**
	 * A visitor whose browser refuses cookies: like a person clicking the application's
	 * links, it carries on whatever {@code sid} the last response put in its links, form
	 * actions or redirect.
	 * @param port the server's port
	 * @return the visitor
	 */
	public static HttpUser withoutCookies(int port) {
		return new HttpUser("http://127.0.0.1:" + port, false);
	}

	/**
	 * Makes this visitor come from {@code address}.
	 * @param address the client address
	 * @return this visitor
	 */
	public HttpUser from(String address) {
		this.clientAddress = address;
		return this;
	}

	/**
	 * Gives this visitor a session cookie, as if a server had set it.
	 * @param value the cookie's value
	 * @return this visitor
	 */
	public HttpUser withSessionCookie(String value) {
		HttpCookie cookie = new HttpCookie("SESSION", value);
		cookie.setPath("/");
		cookie.setVersion(0);
		this.cookies.getCookieStore().add(URI.create(this.baseUrl), cookie);
		return this;
	}

	/**
	 * Where this visitor sends its requests.
	 * @return the base URL, such as {@code http://127.0.0.1:8080}
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The session id this cookie-less visitor currently carries in its URLs.
	 * @return the id, or {@code null}
	 */
	public String sid() {
		return this.sid;
	}

	/**
	 * Points this visitor, with its cookies, at another server (another replica).
	 * @param port the other server's port
	 * @return this visitor
	 */
	public HttpUser switchTo(int port) {
		String next = "http://127.0.0.1:" + port;
		// Cookies are kept per host, and both servers are 127.0.0.1: nothing to copy.
		this.baseUrl = next;
		return this;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/**
	 * Any request: a method, extra headers, an optional form body.
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param headers extra request headers
	 * @param body a form body, or {@code null}
	 * @return the response
	 */
	public Response send(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/x-www-form-urlencoded");
		}
		headers.forEach(request::header);
		return send(request);
	}

	public Response postForm(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Loads {@code formPage}, then posts {@code fields} plus the page's CSRF token, and
	 * the one-time submission token of the form with that action if the page has one, to
	 * {@code action}, as a browser submitting the form would.
	 * @param formPage the page with the form
	 * @param action the form's action
	 * @param fields the fields to submit
	 * @return the response to the POST
	 */
	public Response submit(String formPage, String action, Map<String, String> fields) {
		Response page = get(formPage);
		Map<String, String> withToken = new LinkedHashMap<>(fields);
		withToken.put("_csrf", page.csrfToken());
		page.submissionToken(action).ifPresent((token) -> withToken.put("_submission", token));
		return postForm(action, withToken);
	}

	public Response signIn(String username, String password) {
		return submit("/login", "/login", Map.of("username", username, "password", password));
	}

	public Response register(String username, String password) {
		return submit("/register", "/register", Map.of("username", username, "email", username + "@example.com",
				"displayName", "User " + username, "password", password));
	}

	public Response signOut() {
		return submit("/profile", "/logout", Map.of());
	}

	/**
	 * The value of this visitor's {@code SESSION} cookie.
	 * @return the cookie value, if any
	 */
	public Optional<String> sessionCookie() {
		return cookie("SESSION");
	}

	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((c) -> c.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	public List<HttpCookie> cookies() {
		return this.cookies.getCookieStore().getCookies();
	}

	private URI uri(String path) {
		String target = path;
		if (!this.acceptsCookies && this.sid != null && !SID.matcher(path).find()) {
			target = path + (path.contains("?") ? "&" : "?") + "sid=" + this.sid;
		}
		return URI.create(this.baseUrl + target);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			// What a browser sends, so error pages come back as HTML rather than JSON.
			request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
			request.header("X-Forwarded-For", this.clientAddress);
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			Response result = new Response(response);
			if (!this.acceptsCookies) {
				rememberSid(result);
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void rememberSid(Response response) {
		String source = (response.location() != null) ? response.location() : response.body();
		Matcher matcher = SID.matcher(source);
		if (matcher.find()) {
			this.sid = matcher.group(1);
		}
		else if (response.location() != null) {
			// Redirected to an address without an id (after sign-out, for example).
			this.sid = null;
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * One response.
	 *
	 * @param raw the underlying response
	 */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public Optional<String> header(String name) {
			return this.raw.headers().firstValue(name);
		}

		public List<String> headers(String name) {
			return this.raw.headers().allValues(name);
		}

		public String location() {
			return header("Location").orElse(null);
		}

		public String servedBy() {
			return header("X-Served-By").orElse(null);
		}

		public String csrfToken() {
			Matcher matcher = CSRF.matcher(body());
			if (!matcher.find()) {
				throw new IllegalStateException("No CSRF token in the page (status " + status() + ")");
			}
			return matcher.group(1);
		}

		/**
		 * The one-time submission token of the page's form that posts to {@code action}
		 * (its query, such as a {@code sid}, left aside).
		 * @param action the form's action
		 * @return the token, if the page has such a form with a token
		 */
		public Optional<String> submissionToken(String action) {
			String path = pathOf(action);
			Matcher form = FORM.matcher(body());
			while (form.find()) {
				if (pathOf(form.group(1).replace("&amp;", "&")).equals(path)) {
					Matcher token = SUBMISSION.matcher(form.group(2));
					return token.find() ? Optional.of(token.group(1)) : Optional.empty();
				}
			}
			return Optional.empty();
		}

		private static String pathOf(String action) {
			int query = action.indexOf('?');
			return (query >= 0) ? action.substring(0, query) : action;
		}

	}

}
