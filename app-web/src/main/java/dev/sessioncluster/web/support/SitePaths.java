package dev.sessioncluster.web.support;

/**
 * Redirect targets that cannot leave the site. A browser reads a {@code Location} that
 * starts with {@code //} or {@code /\} as the address of another host, so a target built
 * from a request's own path ({@code GET //evil.example/}) must not be written back as it
 * came.
 *
 * <pre>
 * local("/profile")             → /profile
 * local("//evil.example/")      → /evil.example/
 * local("/\\/evil.example/x")   → /evil.example/x
 * local("")                     → /
 * </pre>
 */
public final class SitePaths {

	private SitePaths() {
	}

	/**
	 * {@code path} as a path on this site: any run of leading slashes and backslashes
	 * becomes a single slash.
	 * @param path a raw request path (no scheme, no host), possibly with a query
	 * @return a path-absolute reference that names no host
	 */
	public static String local(String path) {
		int start = 0;
		while (start < path.length() && (path.charAt(start) == '/' || path.charAt(start) == '\\')) {
			start++;
		}
		return "/" + path.substring(start);
	}

}
