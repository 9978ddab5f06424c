package dev.sessioncluster.web.user;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.TestPropertySource;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;
import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;
import dev.sessioncluster.web.support.FilterOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link CurrentUserFilter} guards against, shown over real HTTP: a ThreadLocal left
 * set on a pooled thread hands one user's identity to the next request.
 *
 * <p>
 * Tomcat runs one worker thread, so alice's request and the anonymous visitor's after it
 * are served by the same thread. Next to the application's own filter, this test
 * registers {@link NaiveCurrentUserFilter}, the classic bug: it binds the signed-in user
 * in a ThreadLocal of its own and never clears it. Two witnesses report in response
 * headers which user each ThreadLocal holds: one in front of every other filter (what the
 * thread brought along), one behind both user filters (what the page would read).
 *
 * <pre>
 * GET /   as alice       worker thread T   naive: alice   application: alice
 * GET /   anonymous      worker thread T   naive: alice   application: nobody
 *                                            (already on the thread when the request arrived)
 * </pre>
 */
@TestPropertySource(properties = { "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1" })
@Import(NaiveCurrentUserFilterLeakTests.LeakConfiguration.class)
class NaiveCurrentUserFilterLeakTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	private static final String NOBODY = "nobody";

	@Test
	void theNaiveFilterHandsAlicesIdentityToTheAnonymousRequestAfterHers() {
		String alice = uniqueName("alice");
		HttpUser aliceAgent = newUser();
		aliceAgent.register(alice, PASSWORD);

		Response asAlice = aliceAgent.get("/");
		Response asNobody = newUser().get("/");

		assertThat(asNobody.header(Witness.THREAD)).as("served by the same worker thread")
			.isEqualTo(asAlice.header(Witness.THREAD));
		assertThat(asAlice.header(Witness.NAIVE_USER)).contains(alice);
		assertThat(asNobody.body()).doesNotContain("Signed in as");
		assertThat(asNobody.header(Witness.NAIVE_USER_ON_ARRIVAL)).as("left on the thread by alice's request")
			.contains(alice);
		assertThat(asNobody.header(Witness.NAIVE_USER)).as("what the anonymous request's code reads").contains(alice);
	}

	@Test
	void theApplicationsFilterLeavesNoUserOnTheThread() {
		String alice = uniqueName("alice");
		HttpUser aliceAgent = newUser();
		aliceAgent.register(alice, PASSWORD);

		Response asAlice = aliceAgent.get("/");
		Response asNobody = newUser().get("/");

		assertThat(asNobody.header(Witness.THREAD)).as("served by the same worker thread")
			.isEqualTo(asAlice.header(Witness.THREAD));
		assertThat(asAlice.header(Witness.CURRENT_USER)).contains(alice);
		assertThat(asNobody.header(Witness.CURRENT_USER_ON_ARRIVAL)).as("left on the thread by alice's request")
			.contains(NOBODY);
		assertThat(asNobody.header(Witness.CURRENT_USER)).as("what the anonymous request's code reads")
			.contains(NOBODY);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LeakConfiguration {

		/**
		 * The naive filter, right behind the application's {@link CurrentUserFilter}.
		 * @return the registration
		 */
		@Bean
		FilterRegistrationBean<NaiveCurrentUserFilter> naiveCurrentUserFilter() {
			return registration(new NaiveCurrentUserFilter(), "naiveCurrentUserFilter", FilterOrder.CURRENT_USER + 1);
		}

		/**
		 * The witness of what the thread brings along, in front of every other filter.
		 * @return the registration
		 */
		@Bean
		FilterRegistrationBean<Witness> arrivalWitness() {
			return registration(new Witness(true), "arrivalWitness", Ordered.HIGHEST_PRECEDENCE);
		}

		/**
		 * The witness of what the page would read, behind both user filters.
		 * @return the registration
		 */
		@Bean
		FilterRegistrationBean<Witness> pageWitness() {
			return registration(new Witness(false), "pageWitness", FilterOrder.CURRENT_USER + 2);
		}

		private static <F extends HttpFilter> FilterRegistrationBean<F> registration(F filter, String name, int order) {
			FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
			registration.setName(name);
			registration.setOrder(order);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

	/**
	 * THE WRONG WAY, kept in the tests to show the bug: binds the signed-in user to the
	 * request thread and never unbinds it. An anonymous request has no user to bind, so
	 * the one left behind by the previous request on that pooled thread stays in place.
	 * {@link CurrentUserFilter} binds inside a scope that restores the previous value in
	 * {@code finally} instead.
	 */
	static final class NaiveCurrentUserFilter extends HttpFilter {

		private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

		static Optional<String> current() {
			return Optional.ofNullable(CURRENT.get());
		}

		@Override
		protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.isAuthenticated()
					&& !(authentication instanceof AnonymousAuthenticationToken)) {
				CURRENT.set(authentication.getName());
			}
			chain.doFilter(request, response);
			// Missing: CURRENT.remove() in a finally block.
		}

	}

	/**
	 * Writes into response headers the worker thread and the user each ThreadLocal holds
	 * when the request reaches this filter.
	 */
	static final class Witness extends HttpFilter {

		static final String THREAD = "X-Worker-Thread";

		static final String NAIVE_USER_ON_ARRIVAL = "X-Naive-User-On-Arrival";

		static final String CURRENT_USER_ON_ARRIVAL = "X-Current-User-On-Arrival";

		static final String NAIVE_USER = "X-Naive-User";

		static final String CURRENT_USER = "X-Current-User";

		private final boolean onArrival;

		Witness(boolean onArrival) {
			this.onArrival = onArrival;
		}

		@Override
		protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			String naive = NaiveCurrentUserFilter.current().orElse(NOBODY);
			String current = CurrentUserHolder.current().map(CurrentUser::username).orElse(NOBODY);
			if (this.onArrival) {
				response.setHeader(THREAD, Thread.currentThread().getName());
				response.setHeader(NAIVE_USER_ON_ARRIVAL, naive);
				response.setHeader(CURRENT_USER_ON_ARRIVAL, current);
			}
			else {
				response.setHeader(NAIVE_USER, naive);
				response.setHeader(CURRENT_USER, current);
			}
			chain.doFilter(request, response);
		}

	}

}
