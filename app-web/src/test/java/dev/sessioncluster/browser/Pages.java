package dev.sessioncluster.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Page objects for the application, as a visitor sees it: what is on the page, and what
 * can be done there. Every navigation waits for the next page with a deadline.
 */
final class Pages {

	private Pages() {
	}

	/**
	 * What every page has: the header, the footer with the replica, the cookie notice.
	 */
	abstract static class Page {

		final ChromeDriver driver;

		final WebDriverWait wait;

		Page(ChromeDriver driver) {
			this.driver = driver;
			this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
		}

		String servedBy() {
			return this.driver.findElement(By.cssSelector(".site-footer .replica")).getText().replace("Served by ", "");
		}

		boolean isSignedIn() {
			return !this.driver.findElements(By.cssSelector(".site-footer .signed-in")).isEmpty();
		}

		boolean showsCookieNotice() {
			return !this.driver.findElements(By.cssSelector(".url-session-notice")).isEmpty();
		}

		String url() {
			return this.driver.getCurrentUrl();
		}

		String text() {
			return this.driver.findElement(By.tagName("body")).getText();
		}

		LoginPage signOut() {
			click(By.cssSelector(".site-nav form.inline-form button"));
			return new LoginPage(this.driver).await();
		}

		InspectorPage inspector() {
			click(By.cssSelector(".site-footer a.inspector-link"));
			return new InspectorPage(this.driver).await();
		}

		ProfilePage reload() {
			this.driver.navigate().refresh();
			return new ProfilePage(this.driver).await();
		}

		/**
		 * Saves a screenshot at desktop and phone width.
		 * @param directory where to write
		 * @param name the file name prefix
		 */
		void screenshots(Path directory, String name) {
			shoot(directory, name + "-desktop", Browsers.DESKTOP);
			shoot(directory, name + "-phone", Browsers.PHONE);
		}

		/**
		 * A full-page screenshot at the given viewport, through the DevTools protocol:
		 * the viewport is emulated (a phone as a mobile device, honouring the viewport
		 * meta tag) and the capture extends beyond it, so the footer with the replica is
		 * included.
		 */
		private void shoot(Path directory, String name, Dimension size) {
			boolean phone = size.getWidth() < 600;
			this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.getWidth(),
					"height", size.getHeight(), "deviceScaleFactor", 1, "mobile", phone));
			try {
				long height = (Long) this.driver.executeScript("return document.documentElement.scrollHeight");
				Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
						Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width",
								size.getWidth(), "height", Math.max(height, size.getHeight()), "scale", 1)));
				Files.createDirectories(directory);
				Files.write(directory.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				this.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
			}
		}

		void click(By locator) {
			WebElement element = this.wait.until(ExpectedConditions.elementToBeClickable(locator));
			element.click();
		}

		void type(String name, String value) {
			WebElement field = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name(name)));
			field.clear();
			field.sendKeys(value);
		}

		void awaitPath(String path) {
			this.wait.until((WebDriver d) -> java.net.URI.create(d.getCurrentUrl()).getPath().equals(path));
		}

	}

	static final class HomePage extends Page {

		HomePage(ChromeDriver driver) {
			super(driver);
		}

		static HomePage open(ChromeDriver driver, String baseUrl) {
			driver.get(baseUrl + "/");
			HomePage page = new HomePage(driver);
			page.awaitPath("/");
			return page;
		}

		RegisterPage register() {
			click(By.cssSelector(".site-nav a[href^='/register']"));
			return new RegisterPage(this.driver).await();
		}

		LoginPage signIn() {
			click(By.cssSelector(".site-nav a[href^='/login']"));
			return new LoginPage(this.driver).await();
		}

	}

	static final class RegisterPage extends Page {

		RegisterPage(ChromeDriver driver) {
			super(driver);
		}

		RegisterPage await() {
			awaitPath("/register");
			return this;
		}

		ProfilePage register(String username, String displayName, String password) {
			type("username", username);
			type("email", username + "@example.com");
			type("displayName", displayName);
			type("password", password);
			click(By.cssSelector("form.form button[type=submit]"));
			return new ProfilePage(this.driver).await();
		}

	}

	static final class LoginPage extends Page {

		LoginPage(ChromeDriver driver) {
			super(driver);
		}

		LoginPage await() {
			awaitPath("/login");
			return this;
		}

		ProfilePage signIn(String username, String password) {
			type("username", username);
			type("password", password);
			click(By.cssSelector("form.form button[type=submit]"));
			return new ProfilePage(this.driver).await();
		}

		boolean showsSignedOut() {
			return text().contains("You have signed out.");
		}

	}

	static final class ProfilePage extends Page {

		ProfilePage(ChromeDriver driver) {
			super(driver);
		}

		ProfilePage await() {
			awaitPath("/profile");
			this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".profile-name")));
			return this;
		}

		String displayName() {
			return this.driver.findElement(By.cssSelector(".profile-name")).getText();
		}

		String username() {
			return this.driver.findElement(By.cssSelector(".profile-username")).getText();
		}

		String bio() {
			return this.driver.findElement(By.cssSelector(".profile-bio")).getText();
		}

		ProfilePage edit(String displayName, String bio) {
			type("displayName", displayName);
			WebElement textarea = this.driver.findElement(By.name("bio"));
			textarea.clear();
			textarea.sendKeys(bio);
			click(By.cssSelector("form.form button[type=submit]"));
			ProfilePage page = new ProfilePage(this.driver).await();
			page.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-success")));
			return page;
		}

		SessionsPage sessions() {
			click(By.cssSelector(".site-nav a[href^='/account/sessions']"));
			SessionsPage page = new SessionsPage(this.driver);
			page.awaitPath("/account/sessions");
			return page;
		}

		PasswordPage changePassword() {
			click(By.cssSelector(".site-nav a[href^='/account/password']"));
			PasswordPage page = new PasswordPage(this.driver);
			page.awaitPath("/account/password");
			return page;
		}

	}

	static final class InspectorPage extends Page {

		InspectorPage(ChromeDriver driver) {
			super(driver);
		}

		InspectorPage await() {
			awaitPath("/inspector");
			this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-inspect=served-by]")));
			return this;
		}

		/** A value the page shows: its {@code data-value}, or else its text. */
		String value(String name) {
			WebElement element = this.driver.findElement(By.cssSelector("[data-inspect=" + name + "]"));
			String value = element.getAttribute("data-value");
			return (value != null) ? value : element.getText();
		}

		InspectorPage again() {
			this.driver.navigate().refresh();
			return new InspectorPage(this.driver).await();
		}

	}

	static final class SessionsPage extends Page {

		SessionsPage(ChromeDriver driver) {
			super(driver);
		}

		int count() {
			return this.driver.findElements(By.cssSelector(".session-item")).size();
		}

		boolean marksTheCurrentOne() {
			return this.driver.findElements(By.cssSelector(".session-item.is-current")).size() == 1;
		}

	}

	static final class PasswordPage extends Page {

		PasswordPage(ChromeDriver driver) {
			super(driver);
		}

		ProfilePage change(String current, String next) {
			type("currentPassword", current);
			type("newPassword", next);
			click(By.cssSelector("form.form button[type=submit]"));
			return new ProfilePage(this.driver).await();
		}

	}

}
