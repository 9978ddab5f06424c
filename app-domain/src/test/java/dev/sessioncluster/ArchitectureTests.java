package dev.sessioncluster;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The domain is free of the web: it compiles and runs without servlet, MVC or Thymeleaf,
 * so a batch job or another front end can use it, and the web module depends on it, never
 * the reverse.
 */
class ArchitectureTests {

	private final JavaClasses domain = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.sessioncluster");

	@Test
	void domainCodeUsesNoWebClasses() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web..", "org.springframework.http..",
					"org.springframework.security.web..", "org.springframework.session..", "org.thymeleaf..",
					"dev.sessioncluster.web..")
			.check(this.domain);
	}

	@Test
	void noWebLibraryIsOnTheDomainClasspath() {
		for (String webClass : new String[] { "jakarta.servlet.Filter",
				"org.springframework.web.servlet.DispatcherServlet", "org.thymeleaf.TemplateEngine",
				"org.springframework.security.web.SecurityFilterChain" }) {
			assertThatExceptionOfType(ClassNotFoundException.class).as(webClass)
				.isThrownBy(() -> Class.forName(webClass, false, getClass().getClassLoader()));
		}
	}

}
