package dev.sessioncluster.browser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.sessioncluster.browser.Pages.HomePage;
import dev.sessioncluster.browser.Pages.InspectorPage;
import dev.sessioncluster.browser.Pages.LoginPage;
import dev.sessioncluster.browser.Pages.ProfilePage;
import dev.sessioncluster.test.LocalCluster;
import dev.sessioncluster.test.LocalTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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

	@Test
	void theInspectorShowsTheSessionAsRedisHoldsItWithCookies() {
		ChromeDriver browser = browser(true);
		ProfilePage profile = HomePage.open(browser, cluster.url())
			.register()
			.register(LocalTools.uniqueName("inspect"), "Inspecting User", PASSWORD);
		String id = new String(Base64.getDecoder().decode(browser.manage().getCookieNamed("SESSION").getValue()),
				StandardCharsets.UTF_8);

		InspectorPage inspector = profile.inspector();
		showsWhatRedisHolds(inspector, id);
		assertThat(inspector.value("transport")).isEqualTo("cookie");
		InspectorPage warm = nearCacheHitOnTheSameReplica(inspector);
		warm.screenshots(SCREENSHOTS, "inspector");
	}

	@Test
	void theInspectorShowsTheSessionAsRedisHoldsItWithoutCookies() {
		ChromeDriver browser = browser(false);
		ProfilePage profile = HomePage.open(browser, cluster.url())
			.register()
			.register(LocalTools.uniqueName("inspectnc"), "Cookieless Inspector", PASSWORD);

		InspectorPage inspector = profile.inspector();
		String id = inspector.url().replaceFirst(".*[?&]sid=([A-Za-z0-9_-]+).*", "$1");
		showsWhatRedisHolds(inspector, id);
		assertThat(inspector.value("transport")).isEqualTo("url");
		nearCacheHitOnTheSameReplica(inspector).screenshots(SCREENSHOTS, "inspector-cookies-off");
	}

	/**
	 * The page against Redis, read right after it: the time to live within a second, the
	 * bytes exactly.
	 */
	private static void showsWhatRedisHolds(InspectorPage inspector, String id) {
		String key = "spring:session:sessions:" + id;
		long ttl = Long.parseLong(cluster.redis("PTTL", key));
		long bytes = Long.parseLong(cluster.redis("MEMORY", "USAGE", key, "SAMPLES", "0"));
		assertThat(inspector.value("served-by")).isEqualTo(inspector.servedBy());
		assertThat(Long.parseLong(inspector.value("ttl-ms"))).isCloseTo(ttl, within(1000L));
		assertThat(Long.parseLong(inspector.value("bytes"))).isEqualTo(bytes);
		assertThat(inspector.text()).doesNotContain(id);
	}

	/**
	 * Reloads until nginx sends the browser back to the first replica, where the session
	 * is then cached: a hit, with no Redis command for the load.
	 */
	private static InspectorPage nearCacheHitOnTheSameReplica(InspectorPage first) {
		String replica = first.value("served-by");
		InspectorPage[] page = { first };
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			page[0] = page[0].again();
			assertThat(page[0].value("served-by")).isEqualTo(replica);
			assertThat(page[0].value("near-cache")).isEqualTo("hit");
		});
		return page[0];
	}

	private ChromeDriver browser(boolean cookies) {
		ChromeDriver driver = Browsers.chromium(cookies);
		this.browsers.add(driver);
		return driver;
	}

}
