package dev.sessioncluster.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.sessioncluster.account.Account;

/**
 * The account's credential version that a session signed in under, kept in the session. A
 * new password or "end all other sessions" moves the account's version on, and a session
 * whose stamp is older is refused on its next request, on every replica.
 * <p>
 * At sign-in, the stamp is the version read in the same row as the password hash that was
 * checked: a change committed after that read, however the requests interleave, is always
 * newer than the stamp. A version read later (when the session is recorded) could already
 * be the new one, and the session signed in with the old password would survive the
 * change.
 */
public final class CredentialStamp {

	/** The session attribute that holds the stamp. */
	public static final String SESSION_ATTRIBUTE = "credentialVersion";

	private static final String CHECKED = CredentialStamp.class.getName() + ".CHECKED";

	private CredentialStamp() {
	}

	/**
	 * Records, for the sign-in request on this thread, the version of the account whose
	 * password is about to be checked.
	 * @param account the account loaded for the check
	 */
	static void checking(Account account) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(CHECKED, account.getCredentialVersion(), RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * Stamps the session of a sign-in request with the version its password was checked
	 * against.
	 * @param request the sign-in request
	 * @throws IllegalStateException if no password was checked in this request
	 */
	static void stampSignIn(HttpServletRequest request) {
		if (!(request.getAttribute(CHECKED) instanceof Long version)) {
			throw new IllegalStateException("No credentials were checked in this request");
		}
		stamp(request.getSession(), version);
	}

	/**
	 * Stamps a session: it stays valid until the account's version moves past this one.
	 * @param session the session
	 * @param credentialVersion the account's credential version
	 */
	public static void stamp(HttpSession session, long credentialVersion) {
		session.setAttribute(SESSION_ATTRIBUTE, credentialVersion);
	}

	/**
	 * Stamps a session with a version a change it made left the account at, unless the
	 * session already carries a newer one: a late replay of an older change must not make
	 * a session stale that a newer change kept.
	 * @param session the session
	 * @param credentialVersion the account's credential version after the change
	 */
	public static void advance(HttpSession session, long credentialVersion) {
		Long current = of(session);
		if (current == null || current < credentialVersion) {
			stamp(session, credentialVersion);
		}
	}

	/**
	 * The stamp of a session.
	 * @param session the session, may be {@code null}
	 * @return the stamp, or {@code null} if the session has none (it must sign in again)
	 */
	public static Long of(HttpSession session) {
		return (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof Number version)
				? version.longValue() : null;
	}

}
