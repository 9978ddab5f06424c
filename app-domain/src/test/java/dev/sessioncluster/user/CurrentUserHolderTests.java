package dev.sessioncluster.user;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CurrentUserHolderTests {

	private static final CurrentUser ALICE = new CurrentUser(1, "alice", "Alice");

	private static final CurrentUser BOB = new CurrentUser(2, "bob", "Bob");

	@AfterEach
	void nothingLeftBehind() {
		assertThat(CurrentUserHolder.current()).isEmpty();
	}

	@Test
	void isEmptyOutsideAScope() {
		assertThat(CurrentUserHolder.current()).isEmpty();
		assertThatExceptionOfType(NoCurrentUserException.class).isThrownBy(CurrentUserHolder::require)
			.withMessageContaining("No user is bound");
	}

	@Test
	void bindsForTheScopeOnly() {
		try (CurrentUserHolder.Scope scope = CurrentUserHolder.bind(ALICE)) {
			assertThat(CurrentUserHolder.require()).isEqualTo(ALICE);
		}
		assertThat(CurrentUserHolder.current()).isEmpty();
	}

	@Test
	void nestedScopesRestoreTheOuterUser() {
		CurrentUserHolder.runAs(ALICE, () -> {
			assertThat(CurrentUserHolder.callAs(BOB, CurrentUserHolder::require)).isEqualTo(BOB);
			assertThat(CurrentUserHolder.require()).isEqualTo(ALICE);
			CurrentUserHolder.runAs(null, () -> assertThat(CurrentUserHolder.current()).isEmpty());
			assertThat(CurrentUserHolder.require()).isEqualTo(ALICE);
		});
	}

	@Test
	void clearsWhenTheWorkThrows() {
		assertThatIllegalStateException().isThrownBy(() -> CurrentUserHolder.runAs(ALICE, () -> {
			throw new IllegalStateException("boom");
		})).withMessage("boom");
		assertThat(CurrentUserHolder.current()).isEmpty();
	}

	@Test
	void doesNotFollowWorkToAnotherThread() {
		AtomicReference<Boolean> seenElsewhere = new AtomicReference<>();
		CurrentUserHolder.runAs(ALICE,
				() -> CompletableFuture.runAsync(() -> seenElsewhere.set(CurrentUserHolder.current().isPresent()))
					.join());
		assertThat(seenElsewhere.get()).isFalse();
	}

	@Test
	void aScopeClosesOnlyOnceAndOnItsOwnThread() throws Exception {
		CurrentUserHolder.Scope scope = CurrentUserHolder.bind(ALICE);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread other = new Thread(() -> {
			try {
				scope.close();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		other.start();
		other.join();
		assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
		assertThat(CurrentUserHolder.require()).isEqualTo(ALICE);

		scope.close();
		assertThatIllegalStateException().isThrownBy(scope::close);
	}

}
