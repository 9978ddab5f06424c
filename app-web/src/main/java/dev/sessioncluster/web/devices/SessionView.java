package dev.sessioncluster.web.devices;

import java.time.Instant;

/**
 * One of the signed-in user's sessions, as the sessions page shows it.
 *
 * @param handle an opaque name for the session (an HMAC of its id), never the id itself
 * @param device the browser and system it was signed in from
 * @param address the client address at sign-in
 * @param created when the session began
 * @param lastSeen when it was last used
 * @param replica the replica that signed it in
 * @param current whether it is the session of the request that lists them
 */
public record SessionView(String handle, String device, String address, Instant created, Instant lastSeen,
		String replica, boolean current) {

}
