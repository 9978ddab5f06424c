package dev.sessioncluster.web.support;

import java.util.List;
import java.util.Locale;

/**
 * Which paths are static assets: files served as they are, the same for every visitor.
 * They need no session, so nothing loads one for them, and their URLs never carry a
 * session id.
 */
public final class StaticAssets {

	private static final List<String> PREFIXES = List.of("/assets/", "/webjars/", "/favicon");

	private static final List<String> SUFFIXES = List.of(".css", ".js", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg",
			".ico", ".webp", ".woff", ".woff2", ".ttf", ".txt");

	private StaticAssets() {
	}

	/**
	 * Whether {@code path} names a static asset.
	 * @param path a path, possibly with a query string or fragment
	 * @return {@code true} for a static asset
	 */
	public static boolean matches(String path) {
		int end = path.length();
		for (char separator : new char[] { '?', '#' }) {
			int index = path.indexOf(separator);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		String bare = path.substring(0, end).toLowerCase(Locale.ROOT);
		return PREFIXES.stream().anyMatch(bare::startsWith) || SUFFIXES.stream().anyMatch(bare::endsWith);
	}

}
