package dev.sessioncluster.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.sessioncluster.browser.Pages.HomePage;
import dev.sessioncluster.browser.Pages.LoginPage;
import dev.sessioncluster.browser.Pages.ProfilePage;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium against the cluster (nginx, three replicas, Redis) that
 * {@code deploy/local/cluster.sh} starts: the journeys users take, with cookies on and
 * off, and a replica killed in the middle. Screenshots of the key pages, at desktop and
 * phone width, land in {@code target/screenshots/}.
 */
class BrowserIT {

	private static final Path SCREENSHOTS = Path.of("target/screenshots");

	private static final String PASSWORD = "a long enough password";

	private static final String NEW_PASSWORD = "a different long password";

	private static LocalCluster cluster;

	private final java.util.List<ChromeDriver> browsers = new java.util.ArrayList<>();

	@BeforeAll
	static void cluster() {
		Browsers.requireChromium();
		cluster = LocalCluster.shared();
	}

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(ChromeDriver::quit);
	}

	@Test
	void withCookiesTheJourneySurvivesAKilledReplica() {
		ChromeDriver browser = browser(true);
		String username = LocalTools.uniqueName("chrome");

		HomePage home = HomePage.open(browser, cluster.url());
		home.screenshots(SCREENSHOTS, "home");
		Pages.RegisterPage register = home.register();
		register.screenshots(SCREENSHOTS, "register");
		ProfilePage profile = register.register(username, "Chrome User", PASSWORD);
		assertThat(profile.username()).isEqualTo("@" + username);

		LoginPage login = profile.signOut();
		assertThat(login.showsSignedOut()).isTrue();
		assertThat(login.isSignedIn()).isFalse();
		login.screenshots(SCREENSHOTS, "login");

		profile = login.signIn(username, PASSWORD);
		profile = profile.edit("Chrome User Edited", "Written in Chromium, served by a cluster.");
		profile.screenshots(SCREENSHOTS, "profile");

		Set<String> replicas = new HashSet<>();
		replicas.add(profile.servedBy());
		for (int i = 0; i < 10 && replicas.size() < 2; i++) {
			profile = profile.reload();
			replicas.add(profile.servedBy());
		}
		assertThat(replicas).as("the footer names more than one replica across reloads").hasSizeGreaterThan(1);

		String victim = profile.servedBy();
		cluster.kill(LocalCluster.number(victim));
		try {
			profile = profile.reload();
			assertThat(profile.isSignedIn()).isTrue();
			assertThat(profile.servedBy()).isNotEqualTo(victim);
			assertThat(profile.displayName()).isEqualTo("Chrome User Edited");
			assertThat(profile.bio()).isEqualTo("Written in Chromium, served by a cluster.");
			assertThat(profile.url()).doesNotContain("sid=");
		}
		finally {
			cluster.start(LocalCluster.number(victim));
		}
	}

	@Test
	void withCookiesBlockedTheJourneyWorksThroughTheAddress() {
		ChromeDriver browser = browser(false);
		String username = LocalTools.uniqueName("nocookie");

		ProfilePage profile = HomePage.open(browser, cluster.url())
			.register()
			.register(username, "Cookieless User", PASSWORD);
		assertThat(profile.url()).contains("sid=");
		assertThat(profile.showsCookieNotice()).isTrue();
		assertThat(browser.manage().getCookies()).isEmpty();

		profile = profile.edit("Cookieless Edited", "No cookies were harmed.");
		assertThat(profile.displayName()).isEqualTo("Cookieless Edited");
		profile.screenshots(SCREENSHOTS, "profile-cookies-off");

		profile = profile.changePassword().change(PASSWORD, NEW_PASSWORD);
		assertThat(profile.text()).contains("Your password has been changed.");
		String signedInAddress = profile.url();

		LoginPage login = profile.signOut();
		assertThat(login.showsSignedOut()).isTrue();

		// The back button does not bring the session back.
		browser.navigate().back();
		browser.navigate().refresh();
		await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/login"));
		assertThat(new LoginPage(browser).isSignedIn()).isFalse();

		// Nor does the old address, with the old id.
		browser.get(signedInAddress);
		LoginPage again = new LoginPage(browser).await();
		assertThat(again.isSignedIn()).isFalse();

		profile = again.signIn(username, NEW_PASSWORD);
		assertThat(profile.isSignedIn()).isTrue();
		assertThat(profile.showsCookieNotice()).isTrue();
	}

	@Test
	void twoBrowsersSignedInAsOneUserAreIndependent() {
		String username = LocalTools.uniqueName("twice");
		ChromeDriver first = browser(true);
		ProfilePage inFirst = HomePage.open(first, cluster.url())
			.register()
			.register(username, "Two Browsers", PASSWORD);
		ChromeDriver second = browser(true);
		ProfilePage inSecond = HomePage.open(second, cluster.url()).signIn().signIn(username, PASSWORD);

		assertThat(inFirst.reload().isSignedIn()).isTrue();
		assertThat(inSecond.reload().isSignedIn()).isTrue();
		Pages.SessionsPage sessions = inFirst.sessions();
		assertThat(sessions.count()).isEqualTo(2);
		assertThat(sessions.marksTheCurrentOne()).isTrue();
		sessions.screenshots(SCREENSHOTS, "sessions");
		first.get(cluster.url() + "/profile");
		inFirst = new ProfilePage(first).await();

		inFirst.signOut();

		ProfilePage stillThere = inSecond.reload();
		assertThat(stillThere.isSignedIn()).isTrue();
		assertThat(stillThere.username()).isEqualTo("@" + username);
	}

	@Test
	void errorPagesLookFinished() {
		ChromeDriver browser = browser(true);
		browser.get(cluster.url() + "/login?error");
		new LoginPage(browser).await().screenshots(SCREENSHOTS, "login-error");
		browser.get(cluster.url() + "/no/such/page");
		LoginPage redirected = new LoginPage(browser).await();
		assertThat(redirected.text()).contains("Sign in");
	}

	private ChromeDriver browser(boolean cookies) {
		ChromeDriver driver = Browsers.chromium(cookies);
		this.browsers.add(driver);
		return driver;
	}

}
