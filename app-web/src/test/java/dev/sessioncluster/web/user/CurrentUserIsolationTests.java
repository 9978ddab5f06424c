package dev.sessioncluster.web.user;

import java.util.concurrent.Executor;

import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one Tomcat worker thread, every request reuses the same thread: a user left in the
 * ThreadLocal by one request would show up in the next. Requests as alice, then
 * anonymous, then bob must each see exactly their own user.
 */
@TestPropertySource(properties = { "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1" })
class CurrentUserIsolationTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@Autowired
	WebServerApplicationContext context;

	@Test
	void serverRunsOnOneWorkerThread() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Executor executor = server.getTomcat().getConnector().getProtocolHandler().getExecutor();
		assertThat(executor).isInstanceOfSatisfying(ThreadPoolExecutor.class,
				(pool) -> assertThat(pool.getMaximumPoolSize()).isEqualTo(1));
	}

	@RepeatedTest(3)
	void eachRequestSeesItsOwnUserOnly() {
		String alice = uniqueName("alice");
		String bob = uniqueName("bob");
		HttpUser aliceAgent = newUser();
		HttpUser bobAgent = newUser();
		HttpUser anonymous = newUser();
		aliceAgent.register(alice, PASSWORD);
		bobAgent.register(bob, PASSWORD);

		for (int i = 0; i < 3; i++) {
			Response asAlice = aliceAgent.get("/");
			assertThat(asAlice.body()).contains("Signed in as " + alice).doesNotContain(bob);

			Response asNobody = anonymous.get("/");
			assertThat(asNobody.body()).doesNotContain("Signed in as").doesNotContain(alice).doesNotContain(bob);
			assertThat(anonymous.get("/profile").location()).startsWith("/login").doesNotContain("error");

			Response asBob = bobAgent.get("/profile");
			assertThat(asBob.body()).contains("@" + bob).contains("Signed in as " + bob).doesNotContain(alice);
		}
	}

}
