package dev.sessioncluster.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.HttpUser.Response;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finding "an indexed form field gives a 500 and its value lands in the log"
 * ({@code currentPassword[0]=…}), replayed on every field of every form: the form is
 * answered as if the field were missing, and the value is never logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class IndexedFormFieldTests extends RedisHttpTestSupport {

	private static final String PASSWORD = "a long enough password";

	static Stream<Arguments> formFields() {
		Map<String, List<String>> forms = new LinkedHashMap<>();
		forms.put("/register", List.of("username", "email", "displayName", "password"));
		forms.put("/login", List.of("username", "password"));
		forms.put("/profile", List.of("displayName", "email", "bio"));
		forms.put("/account/password", List.of("currentPassword", "newPassword"));
		return forms.entrySet()
			.stream()
			.flatMap((form) -> form.getValue()
				.stream()
				.flatMap((field) -> Stream.of("[0]", "[1].x", ".bytes", "['key']")
					.map((suffix) -> Arguments.of(form.getKey(), form.getValue(), field + suffix))));
	}

	@ParameterizedTest(name = "{0} {2}")
	@MethodSource("formFields")
	void indexedFormFieldIsAnsweredWithoutAnErrorAndNeverLogged(String form, List<String> fields, String hostile,
			CapturedOutput output) {
		HttpUser user = newUser();
		if (!form.equals("/register") && !form.equals("/login")) {
			user.register(uniqueName("indexed"), PASSWORD);
		}
		String secret = "secret-" + UUID.randomUUID();
		Map<String, String> values = new LinkedHashMap<>();
		for (String field : fields) {
			values.put(field, field.equals("email") ? "indexed@example.com" : "value " + field);
		}
		// The plain field's value is what the exception used to quote.
		String base = hostile.replaceAll("[\\[.].*$", "");
		String plain = "plain-" + UUID.randomUUID();
		values.put(base, plain);
		values.put(hostile, secret);

		Response response = user.submit(form, form, values);

		assertThat(response.status()).isIn(200, 302, 400);
		assertThat(response.body()).doesNotContain(secret).doesNotContain("Exception");
		assertThat(output).doesNotContain(secret).doesNotContain(plain);
		if (base.endsWith("assword")) {
			assertThat(response.body()).as("a password is never written back").doesNotContain(plain);
		}
	}

}
