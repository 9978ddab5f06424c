package dev.sessioncluster.web.devices;

import java.util.Locale;

/**
 * A short, human description of a device from its {@code User-Agent} ("Chrome on Linux").
 * Deliberately small: it names what a person needs to recognise their own session,
 * nothing more, and never echoes the raw header.
 */
final class DeviceNames {

	private DeviceNames() {
	}

	static String describe(String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return "Unknown device";
		}
		String ua = userAgent.toLowerCase(Locale.ROOT);
		return browser(ua) + " on " + system(ua);
	}

	private static String browser(String ua) {
		if (ua.contains("edg/")) {
			return "Edge";
		}
		if (ua.contains("firefox/")) {
			return "Firefox";
		}
		if (ua.contains("chromium/")) {
			return "Chromium";
		}
		if (ua.contains("chrome/") || ua.contains("crios/")) {
			return "Chrome";
		}
		if (ua.contains("safari/")) {
			return "Safari";
		}
		if (ua.startsWith("curl/")) {
			return "curl";
		}
		if (ua.contains("htmlunit")) {
			return "HtmlUnit";
		}
		if (ua.startsWith("java")) {
			return "Java";
		}
		return "A browser";
	}

	private static String system(String ua) {
		if (ua.contains("android")) {
			return "Android";
		}
		if (ua.contains("iphone") || ua.contains("ipad") || ua.contains("ios")) {
			return "iOS";
		}
		if (ua.contains("windows")) {
			return "Windows";
		}
		if (ua.contains("mac os") || ua.contains("macintosh")) {
			return "macOS";
		}
		if (ua.contains("linux") || ua.contains("x11")) {
			return "Linux";
		}
		return "an unknown system";
	}

}
