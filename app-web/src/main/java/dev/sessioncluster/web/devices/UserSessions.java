package dev.sessioncluster.web.devices;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.sessioncluster.account.Username;
import dev.sessioncluster.web.support.ReplicaProperties;
import dev.sessioncluster.web.session.SessionPolicyProperties;
import dev.sessioncluster.web.session.metrics.SessionMetrics;

/**
 * Which sessions belong to which user, kept by the application in a small per-user index:
 * one Redis set per user, {@code sessioncluster:user-sessions:<username>}, with the ids
 * of the sessions signed in as that user. It is written at sign-in and sign-out and
 * cleaned lazily (an id whose session expired is dropped when the list is read); the set
 * expires with the absolute session timeout, so nothing is left behind. Spring Session's
 * indexed repository offers the same lookup but costs 8 Redis commands on every request
 * and keeps index keys without expiry; this costs 2 commands at sign-in and none per
 * request.
 *
 * <p>
 * Sessions are shown by a handle, an HMAC-SHA256 of the id under a secret shared by all
 * replicas: stable, unguessable, and useless to anyone who sees it.
 */
@Component
public class UserSessions {

	static final String INDEX_PREFIX = "sessioncluster:user-sessions:";

	static final String SECRET_KEY = "sessioncluster:session-handle-secret";

	static final String DEVICE = "sessioncluster.device";

	static final String ADDRESS = "sessioncluster.address";

	static final String REPLICA = "sessioncluster.replica";

	private final StringRedisTemplate redis;

	private final SessionRepository<? extends Session> sessions;

	private final SessionPolicyProperties policy;

	private final String replicaId;

	private final SessionMetrics metrics;

	private volatile byte[] secret;

	public UserSessions(StringRedisTemplate redis, SessionRepository<? extends Session> sessions,
			SessionPolicyProperties policy, ReplicaProperties replica, SessionMetrics metrics) {
		this.redis = redis;
		this.sessions = sessions;
		this.policy = policy;
		this.replicaId = replica.replicaId();
		this.metrics = metrics;
	}

	/**
	 * Records that the current session now belongs to {@code username}, with what the
	 * sessions page shows about it. Call after the session id changed at sign-in.
	 * @param request the sign-in request
	 * @param username the user who signed in
	 */
	public void signedIn(HttpServletRequest request, String username) {
		HttpSession session = request.getSession();
		session.setAttribute(DEVICE, DeviceNames.describe(request.getHeader("User-Agent")));
		session.setAttribute(ADDRESS, request.getRemoteAddr());
		session.setAttribute(REPLICA, this.replicaId);
		String key = key(username);
		this.redis.opsForSet().add(key, session.getId());
		this.redis.expire(key, this.policy.absoluteTimeout());
	}

	/**
	 * Forgets a session that is being signed out.
	 * @param username its user
	 * @param sessionId its id
	 */
	public void signedOut(String username, String sessionId) {
		if (username != null && sessionId != null) {
			this.redis.opsForSet().remove(key(username), sessionId);
		}
	}

	/**
	 * The user's live sessions, the current one first.
	 * @param username the user
	 * @param currentSessionId the id of the session asking
	 * @return the sessions
	 */
	public List<SessionView> list(String username, String currentSessionId) {
		List<SessionView> views = new ArrayList<>();
		for (String id : members(username)) {
			Session session = this.sessions.findById(id);
			if (session == null) {
				this.redis.opsForSet().remove(key(username), id);
				continue;
			}
			views.add(new SessionView(handle(id), attribute(session, DEVICE), attribute(session, ADDRESS),
					session.getCreationTime(), session.getLastAccessedTime(), attribute(session, REPLICA),
					id.equals(currentSessionId)));
		}
		views.sort(Comparator.comparing(SessionView::current)
			.reversed()
			.thenComparing(SessionView::lastSeen, Comparator.reverseOrder()));
		return views;
	}

	/**
	 * Ends one of the user's other sessions. The current one ends by signing out.
	 * @param username the user
	 * @param handle the session's handle
	 * @param currentSessionId the id of the session asking
	 * @return whether a session was ended
	 */
	public boolean revoke(String username, String handle, String currentSessionId) {
		for (String id : members(username)) {
			if (!id.equals(currentSessionId) && MessageDigest.isEqual(bytes(handle(id)), bytes(handle))) {
				end(username, id);
				return true;
			}
		}
		return false;
	}

	/**
	 * Ends every session of the user but the current one: after a password change, or on
	 * request.
	 * @param username the user
	 * @param currentSessionId the session to keep, may be {@code null} to end all
	 * @return how many sessions were ended
	 */
	public int revokeOthers(String username, String currentSessionId) {
		int ended = 0;
		for (String id : members(username)) {
			if (!id.equals(currentSessionId)) {
				end(username, id);
				ended++;
			}
		}
		return ended;
	}

	String handle(String sessionId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
			byte[] digest = mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void end(String username, String id) {
		// The index may still name a session that expired: that one is not counted. Nor
		// is one another request ended at the same time: only one removes it from the
		// index.
		boolean live = this.sessions.findById(id) != null;
		this.sessions.deleteById(id);
		Long removed = this.redis.opsForSet().remove(key(username), id);
		if (live && removed != null && removed == 1) {
			this.metrics.ended(SessionMetrics.End.REVOKED);
		}
	}

	private Set<String> members(String username) {
		Set<String> ids = this.redis.opsForSet().members(key(username));
		return (ids != null) ? ids : Set.of();
	}

	/**
	 * The HMAC secret, shared by every replica through Redis: the first replica to need
	 * it creates it, the others read it.
	 */
	private byte[] secret() {
		byte[] current = this.secret;
		if (current == null) {
			byte[] candidate = new byte[32];
			new SecureRandom().nextBytes(candidate);
			this.redis.opsForValue().setIfAbsent(SECRET_KEY, Base64.getEncoder().encodeToString(candidate));
			String stored = this.redis.opsForValue().get(SECRET_KEY);
			current = Base64.getDecoder().decode(Objects.requireNonNull(stored, "no session handle secret"));
			this.secret = current;
		}
		return current;
	}

	private static String key(String username) {
		return INDEX_PREFIX + Username.canonical(username);
	}

	private static String attribute(Session session, String name) {
		Object value = session.getAttribute(name);
		return (value instanceof String text && StringUtils.hasText(text)) ? text : "";
	}

	private static byte[] bytes(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

}
