package dev.sessioncluster.account;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one canonical form of a username. Registration, sign-in, the sign-in limit and the
 * index of a user's sessions all compare names in this form, so no two of them can
 * disagree on whether two spellings are the same account:
 * <ol>
 * <li>Unicode NFKC, so compatibility forms count as the plain letters they stand for
 * (full-width {@code ｂｏｂ} is {@code bob});</li>
 * <li>every leading and trailing whitespace, control or invisible formatting character
 * removed: a superset of what Spring Security's sign-in filter {@code trim()}s (which
 * includes U+0000 to U+001F), so {@code bob} followed by U+0005 and {@code bob} are one
 * name everywhere;</li>
 * <li>lower case ({@link Locale#ROOT}): {@code Alice} and {@code alice} are one
 * account.</li>
 * </ol>
 * A name with such characters inside it is refused at registration, so it can never be an
 * account.
 */
public final class Username {

	private Username() {
	}

	/**
	 * The form of a username that accounts, sign-in and limits compare.
	 * @param typed a username as typed, possibly {@code null}
	 * @return the canonical form; empty for {@code null} or a name made only of
	 * characters that are stripped
	 */
	public static String canonical(String typed) {
		return displayForm(typed).toLowerCase(Locale.ROOT);
	}

	/**
	 * The spelling kept for display: the canonical form before lower-casing.
	 * @param typed a username as typed, possibly {@code null}
	 * @return the normalized, stripped spelling
	 */
	public static String displayForm(String typed) {
		if (typed == null) {
			return "";
		}
		String normalized = Normalizer.normalize(typed, Normalizer.Form.NFKC);
		int start = 0;
		int end = normalized.length();
		while (start < end && isStripped(normalized.codePointAt(start))) {
			start += Character.charCount(normalized.codePointAt(start));
		}
		while (end > start && isStripped(normalized.codePointBefore(end))) {
			end -= Character.charCount(normalized.codePointBefore(end));
		}
		return normalized.substring(start, end);
	}

	/**
	 * Whether a username as typed holds a control or invisible formatting character
	 * anywhere, edges included: such a name is refused at registration.
	 * @param typed a username as typed
	 * @return whether it holds such a character
	 */
	public static boolean hasInvisibleCharacters(String typed) {
		return typed != null && typed.codePoints().anyMatch(Username::isInvisible);
	}

	private static boolean isStripped(int codePoint) {
		return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || isInvisible(codePoint);
	}

	private static boolean isInvisible(int codePoint) {
		int type = Character.getType(codePoint);
		return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR;
	}

}
