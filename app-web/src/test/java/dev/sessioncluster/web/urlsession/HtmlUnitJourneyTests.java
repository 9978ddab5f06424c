package dev.sessioncluster.web.urlsession;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser (HtmlUnit) walks the whole journey by clicking links and submitting forms:
 * register, edit the profile, change the password, sign out, sign in, sign out. With
 * cookies disabled it works through URLs; with cookies enabled no address it shows
 * carries the id.
 */
class HtmlUnitJourneyTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final String NEW_PASSWORD = "an even longer password";

	@Test
	void journeyWorksWithCookiesDisabled() throws IOException {
		try (WebClient browser = browser(false)) {
			Journey journey = new Journey(browser);
			journey.run(uniqueName("htmlunit-off"));

			assertThat(journey.signedInPages).isNotEmpty()
				.allSatisfy((page) -> assertThat(page.getUrl().getQuery()).contains("sid="))
				.allSatisfy((page) -> assertThat(page.asNormalizedText()).contains("Cookies are off"));
			assertThat(browser.getCookieManager().getCookies()).isEmpty();

			// After sign-out, the address of a signed-in page no longer signs anyone in.
			HtmlPage old = browser.getPage(journey.signedInPages.get(journey.signedInPages.size() - 1).getUrl());
			assertThat(old.getUrl().getPath()).isEqualTo("/login");
			assertThat(old.asNormalizedText()).doesNotContain("Signed in as");
		}
	}

	@Test
	void journeyWithCookiesEnabledNeverShowsTheIdInAnAddress() throws IOException {
		try (WebClient browser = browser(true)) {
			Journey journey = new Journey(browser);
			journey.run(uniqueName("htmlunit-on"));

			assertThat(journey.addresses).isNotEmpty()
				.allSatisfy((url) -> assertThat(url.toString()).doesNotContain("sid="));
			assertThat(journey.signedInPages).allSatisfy((page) -> {
				assertThat(page.asXml()).doesNotContain("sid=");
				assertThat(page.asNormalizedText()).doesNotContain("Cookies are off");
			});
		}
	}

	private WebClient browser(boolean cookies) {
		WebClient browser = new WebClient();
		browser.getCookieManager().setCookiesEnabled(cookies);
		browser.getOptions().setJavaScriptEnabled(false);
		browser.getOptions().setCssEnabled(false);
		browser.getOptions().setRedirectEnabled(true);
		return browser;
	}

	/**
	 * The journey, by clicks only: the browser never types an address after the first
	 * one.
	 */
	private final class Journey {

		private final WebClient browser;

		private final List<URL> addresses = new ArrayList<>();

		private final List<HtmlPage> signedInPages = new ArrayList<>();

		Journey(WebClient browser) {
			this.browser = browser;
		}

		void run(String username) throws IOException {
			HtmlPage page = visit(this.browser.getPage("http://127.0.0.1:" + HtmlUnitJourneyTests.this.port + "/"));

			page = visit(link(page, "/register").click());
			HtmlForm register = form(page, "/register");
			register.getInputByName("username").setValue(username);
			register.getInputByName("email").setValue(username + "@example.com");
			register.getInputByName("displayName").setValue("Html Unit");
			register.getInputByName("password").setValue(PASSWORD);
			page = signedIn(submit(register));
			assertThat(page.getUrl().getPath()).isEqualTo("/profile");
			assertThat(page.asNormalizedText()).contains("@" + username).contains("Html Unit");

			HtmlForm profile = form(page, "/profile");
			profile.getInputByName("displayName").setValue("Html Unit Edited");
			profile.getTextAreaByName("bio").setText("Written by a browser without a mouse");
			page = signedIn(submit(profile));
			assertThat(page.asNormalizedText()).contains("Your profile has been saved.")
				.contains("Html Unit Edited")
				.contains("Written by a browser without a mouse");

			page = signedIn(link(page, "/account/password").click());
			HtmlForm password = form(page, "/account/password");
			password.getInputByName("currentPassword").setValue(PASSWORD);
			password.getInputByName("newPassword").setValue(NEW_PASSWORD);
			page = signedIn(submit(password));
			assertThat(page.asNormalizedText()).contains("Your password has been changed.");

			page = visit(submit(form(page, "/logout")));
			assertThat(page.getUrl().getPath()).isEqualTo("/login");
			assertThat(page.asNormalizedText()).contains("You have signed out.");

			HtmlForm login = form(page, "/login");
			login.getInputByName("username").setValue(username);
			login.getInputByName("password").setValue(NEW_PASSWORD);
			page = signedIn(submit(login));
			assertThat(page.getUrl().getPath()).isEqualTo("/profile");
			assertThat(page.asNormalizedText()).contains("Html Unit Edited");

			page = visit(submit(form(page, "/logout")));
			assertThat(page.asNormalizedText()).contains("You have signed out.");
		}

		private HtmlPage visit(HtmlPage page) {
			this.addresses.add(page.getUrl());
			assertThat(page.getWebResponse().getStatusCode()).as(page.getUrl().toString()).isEqualTo(200);
			return page;
		}

		private HtmlPage signedIn(HtmlPage page) {
			visit(page);
			assertThat(page.asNormalizedText()).as(page.getUrl().toString()).contains("Signed in as");
			this.signedInPages.add(page);
			return page;
		}

		private HtmlAnchor link(HtmlPage page, String path) {
			return page.getAnchors()
				.stream()
				.filter((anchor) -> anchor.getHrefAttribute().equals(path)
						|| anchor.getHrefAttribute().startsWith(path + "?"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No link to " + path + " on " + page.getUrl()));
		}

		private HtmlForm form(HtmlPage page, String path) {
			return page.getForms()
				.stream()
				.filter((form) -> form.getActionAttribute().equals(path)
						|| form.getActionAttribute().startsWith(path + "?"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No form posting to " + path + " on " + page.getUrl()));
		}

		private HtmlPage submit(HtmlForm form) throws IOException {
			try {
				HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
				return button.click();
			}
			catch (FailingHttpStatusCodeException ex) {
				throw new AssertionError("Form " + form.getActionAttribute() + " answered " + ex.getStatusCode(), ex);
			}
		}

	}

}
