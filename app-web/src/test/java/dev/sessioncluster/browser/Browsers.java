package dev.sessioncluster.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through Selenium, without Selenium Manager (which would try
 * the network): the browser and the driver are named explicitly.
 */
final class Browsers {

	static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));

	static final Dimension DESKTOP = new Dimension(1280, 900);

	static final Dimension PHONE = new Dimension(390, 844);

	private Browsers() {
	}

	/**
	 * Skips the calling tests when Chromium is not installed, naming the packages, unless
	 * the environment requires browser tests ({@code SC_REQUIRE_BROWSER=true}, set by
	 * CI), in which case a missing browser fails them.
	 */
	static void requireChromium() {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		String message = "Browser tests drive a local Chromium and its driver, expected at " + CHROMIUM + " and "
				+ CHROMEDRIVER + " (-Dbrowser.chromium, -Dbrowser.chromedriver). Debian/Ubuntu: sudo apt-get install "
				+ "chromium chromium-driver; macOS: brew install --cask chromium, brew install chromedriver";
		if (!present && Boolean.parseBoolean(System.getenv("SC_REQUIRE_BROWSER"))) {
			throw new IllegalStateException(message);
		}
		Assumptions.assumeTrue(present, message);
	}

	/**
	 * A fresh browser with an empty profile.
	 * @param cookies whether the browser accepts cookies
	 * @return the driver
	 */
	static ChromeDriver chromium(boolean cookies) {
		try {
			Path profile = Files.createTempDirectory("chromium-profile");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
					"--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
					"--user-data-dir=" + profile);
			if (!cookies) {
				// Really refuses Set-Cookie (navigator.cookieEnabled still says true).
				options.setExperimentalOption("prefs", Map.of("profile.default_content_setting_values.cookies", 2));
			}
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			driver.manage().window().setSize(DESKTOP);
			return driver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
