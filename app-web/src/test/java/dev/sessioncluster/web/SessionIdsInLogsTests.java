package dev.sessioncluster.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RawHttp;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finding "live session ids in Tomcat's log of an unparsable request": a request
 * target Tomcat cannot parse is answered {@code 400}, and the session id it carries is
 * not written to the log. (Tomcat logs such a request once at {@code INFO}, then at
 * {@code DEBUG} for a day: this test shows the leak only in a JVM where no earlier
 * request was refused that way.)
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionIdsInLogsTests extends RedisHttpTestSupport {

	@Test
	void anUnparsableRequestTargetDoesNotLogTheSessionIdItCarries(CapturedOutput output) {
		HttpUser user = newUserWithoutCookies();
		user.register(uniqueName("logs"), "a long enough password");
		String sid = user.sid();

		RawHttp.Response response = RawHttp.exchange(this.port, "GET /profile?sid=" + sid + "&q=a|b{c} HTTP/1.1",
				"Host: 127.0.0.1");

		assertThat(response.status()).isEqualTo(400);
		assertThat(output).doesNotContain(sid);
	}

}
