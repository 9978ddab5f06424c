package dev.sessioncluster.web.submission;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * Issues and checks the one-time tokens of forms. A token is a random nonce and its
 * HMAC-SHA256 under a key kept in the session (created with the first form the session
 * renders), so any replica can tell that a token was issued to this session without
 * writing anything to the session per rendered form: a page with a form costs no more
 * Redis writes than before. That a token is used once is the database's part
 * ({@link dev.sessioncluster.submission.Submissions}).
 *
 * <pre>
 * GET /profile    → &lt;input type="hidden" name="_submission" value="q3…Xw.9f…Ab"&gt;
 *                     nonce q3…Xw (16 random bytes), MAC 9f…Ab = HMAC(session's key, nonce)
 * POST /profile   _submission=q3…Xw.9f…Ab   → verified against the same session's key
 * </pre>
 */
@Component
public class SubmissionTokens {

	/** The form field that carries the token. */
	public static final String PARAMETER = "_submission";

	/** The session attribute that holds the session's key. */
	static final String SESSION_ATTRIBUTE = "submissionKey";

	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	/**
	 * A new token for a form this session renders.
	 * @param session the session, which gets its key if it has none
	 * @return the token
	 */
	public String issue(HttpSession session) {
		byte[] key = key(session);
		if (key == null) {
			key = new byte[32];
			this.random.nextBytes(key);
			session.setAttribute(SESSION_ATTRIBUTE, Base64.getEncoder().encodeToString(key));
		}
		byte[] nonce = new byte[16];
		this.random.nextBytes(nonce);
		String encodedNonce = ENCODER.encodeToString(nonce);
		return encodedNonce + "." + mac(key, encodedNonce);
	}

	/**
	 * The request's token, if this request's session issued it.
	 * @param request a form post
	 * @return the token, or empty if it is missing, malformed, or was issued to another
	 * session (or to none)
	 */
	public Optional<String> verified(HttpServletRequest request) {
		String token = request.getParameter(PARAMETER);
		HttpSession session = request.getSession(false);
		if (token == null || session == null || !FORMAT.matcher(token).matches()) {
			return Optional.empty();
		}
		byte[] key = key(session);
		if (key == null) {
			return Optional.empty();
		}
		int dot = token.indexOf('.');
		byte[] expected = mac(key, token.substring(0, dot)).getBytes(StandardCharsets.US_ASCII);
		byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, given) ? Optional.of(token) : Optional.empty();
	}

	private static byte[] key(HttpSession session) {
		return (session.getAttribute(SESSION_ATTRIBUTE) instanceof String encoded) ? Base64.getDecoder().decode(encoded)
				: null;
	}

	private static String mac(byte[] key, String nonce) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] digest = mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII));
			return ENCODER.encodeToString(Arrays.copyOf(digest, 16));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
