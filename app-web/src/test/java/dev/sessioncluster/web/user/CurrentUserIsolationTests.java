package dev.sessioncluster.web.user;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one Tomcat worker thread, every request reuses the same thread: a user left in the
 * ThreadLocal by one request would show up in the next. Requests as alice, then
 * anonymous, then bob must each see exactly their own user, and a probe in front of every
 * other filter checks that the thread holds no user when a request arrives nor when it
 * leaves. The probe matters: {@link CurrentUserFilter} binds on every request (nobody,
 * for an anonymous one), so a leaked user is overwritten before any page can show it, and
 * only the thread itself gives the leak away.
 */
@TestPropertySource(properties = { "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1" })
@Import(CurrentUserIsolationTests.ThreadProbeConfiguration.class)
class CurrentUserIsolationTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	ThreadProbe probe;

	@BeforeEach
	void clearProbe() {
		this.probe.clear();
	}

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

		assertThat(this.probe.threads()).as("one worker thread served alice, bob and the anonymous visitor").hasSize(1);
		assertThat(this.probe.usersLeftOnTheThread()).isEmpty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ThreadProbeConfiguration {

		@Bean
		ThreadProbe threadProbe() {
			return new ThreadProbe();
		}

		@Bean
		FilterRegistrationBean<ThreadProbe> threadProbeRegistration(ThreadProbe probe) {
			FilterRegistrationBean<ThreadProbe> registration = new FilterRegistrationBean<>(probe);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

	/**
	 * Runs first on every request: records the worker thread, and any user bound to it
	 * before the request's own filters ran or after they all returned.
	 */
	static final class ThreadProbe extends OncePerRequestFilter {

		private final Set<String> threads = ConcurrentHashMap.newKeySet();

		private final List<String> usersLeftOnTheThread = new CopyOnWriteArrayList<>();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String exchange = request.getMethod() + " " + request.getRequestURI() + " on "
					+ Thread.currentThread().getName();
			this.threads.add(Thread.currentThread().getName());
			CurrentUserHolder.current()
				.map(CurrentUser::username)
				.ifPresent((user) -> this.usersLeftOnTheThread.add(exchange + " arrived with " + user + " bound"));
			try {
				chain.doFilter(request, response);
			}
			finally {
				CurrentUserHolder.current()
					.map(CurrentUser::username)
					.ifPresent((user) -> this.usersLeftOnTheThread.add(exchange + " left " + user + " bound"));
			}
		}

		Set<String> threads() {
			return this.threads;
		}

		List<String> usersLeftOnTheThread() {
			return this.usersLeftOnTheThread;
		}

		void clear() {
			this.threads.clear();
			this.usersLeftOnTheThread.clear();
		}

	}

}
