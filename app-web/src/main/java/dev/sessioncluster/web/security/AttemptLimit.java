package dev.sessioncluster.web.security;

import java.time.Duration;
import java.util.Objects;

/**
 * How many attempts one counter allows within its window.
 *
 * @param maxAttempts the attempts let through per window
 * @param window how long the window lasts, from the first attempt
 */
public record AttemptLimit(int maxAttempts, Duration window) {

	public AttemptLimit {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		Objects.requireNonNull(window, "window must not be null");
		if (window.toMillis() < 1) {
			throw new IllegalArgumentException("window must be at least one millisecond");
		}
	}

	/**
	 * The window in whole minutes, rounded up, for messages.
	 * @return the minutes
	 */
	public long windowMinutes() {
		return (this.window.toSeconds() + 59) / 60;
	}

}
