package dev.sessioncluster.web.inspector;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;

/**
 * Counts the Redis commands a request sends. Lettuce tells a command listener about each
 * command on the thread that sends it, before the command leaves, so the count lands in
 * the trace of the request on that thread.
 */
final class RedisCommandCounter implements CommandListener {

	@Override
	public void commandStarted(CommandStartedEvent event) {
		RequestTrace.current().ifPresent(RequestTrace::commandSent);
	}

}
