package dev.sessioncluster.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form of a username: whatever padding sign-in's {@code trim()} removes,
 * this removes too, so a limit keyed by it and an account looked up by it can never
 * disagree.
 */
class UsernameTests {

	@Test
	void everythingTrimRemovesIsRemoved() {
		for (char c = 0; c <= ' '; c++) {
			String padded = c + "Bob" + c;
			assertThat(Username.canonical(padded)).as("U+%04X", (int) c).isEqualTo("bob");
			assertThat(Username.canonical(padded.trim())).isEqualTo(Username.canonical(padded));
		}
	}

	@Test
	void unicodeSpacesInvisibleCharactersAndCompatibilityFormsAreTheSameName() {
		assertThat(Username.canonical("\u00a0bob\u2003")).isEqualTo("bob");
		assertThat(Username.canonical("\u200bbob\ufeff")).isEqualTo("bob");
		assertThat(Username.canonical("bob\u2028")).isEqualTo("bob");
		assertThat(Username.canonical("\uff22\uff4f\uff42")).isEqualTo("bob");
		assertThat(Username.displayForm(" \uff22ob\u0005")).isEqualTo("Bob");
	}

	@Test
	void charactersInsideTheNameAreKept() {
		assertThat(Username.canonical("b\u0005ob")).isEqualTo("b\u0005ob");
		assertThat(Username.hasInvisibleCharacters("b\u0005ob")).isTrue();
		assertThat(Username.hasInvisibleCharacters("bob\u200b")).isTrue();
		assertThat(Username.hasInvisibleCharacters("bob.smith-2")).isFalse();
	}

	@Test
	void nothingIsAnEmptyName() {
		assertThat(Username.canonical(null)).isEmpty();
		assertThat(Username.canonical(" \u0000\t")).isEmpty();
	}

}
