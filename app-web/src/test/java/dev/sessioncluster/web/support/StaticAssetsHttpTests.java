package dev.sessioncluster.web.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

import dev.sessioncluster.test.HttpUser;
import dev.sessioncluster.test.RedisHttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static assets under {@code /assets/}, with content-hashed URLs that browsers may cache
 * for a year, and nothing else looked up as one.
 */
class StaticAssetsHttpTests extends RedisHttpTestSupport {

	private static final Pattern STYLESHEET = Pattern.compile("href=\"(/assets/css/app-[0-9a-f]{32}\\.css)\"");

	@Autowired
	ResourceUrlProvider resourceUrls;

	@Test
	void pagesLinkHashedAssetsThatMayBeCachedForAYear() {
		HttpUser visitor = newUser();
		Matcher stylesheet = STYLESHEET.matcher(visitor.get("/").body());
		assertThat(stylesheet.find()).as("a content-hashed stylesheet link").isTrue();

		HttpUser.Response css = visitor.get(stylesheet.group(1));
		assertThat(css.status()).isEqualTo(200);
		assertThat(css.header("Cache-Control")).hasValueSatisfying(
				(cacheControl) -> assertThat(cacheControl).contains("max-age=31536000").contains("public"));
		// The stylesheet's own reference to the logo is versioned too.
		assertThat(css.body()).containsPattern("url\\(\"/assets/images/logo-[0-9a-f]{32}\\.svg\"\\)");
		assertThat(visitor.get("/assets/css/app.css").status()).isEqualTo(200);
	}

	@Test
	void onlyPathsUnderAssetsAreLookedUpAsAssets() {
		// Every link a page renders goes through this provider; a resource handler on /**
		// would search the classpath for /profile, /sessions, ... on every page,
		// uncached.
		assertThat(this.resourceUrls.getHandlerMap()).isNotEmpty()
			.allSatisfy((pattern, handler) -> assertThat(pattern).isNotEqualTo("/**"));
		assertThat(this.resourceUrls.getForLookupPath("/profile")).isNull();
		assertThat(this.resourceUrls.getForLookupPath("/assets/css/app.css"))
			.matches("/assets/css/app-[0-9a-f]{32}\\.css");
	}

	@Test
	void nothingOutsideAssetsIsServedAsAFile() {
		HttpUser user = newUser();
		user.register(uniqueName("assets"), "a long enough password");
		assertThat(user.get("/css/app.css").status()).isEqualTo(404);
		assertThat(user.get("/static/css/app.css").status()).isEqualTo(404);
		assertThat(user.get("/assets/../application.properties").status()).isIn(400, 404);
	}

}
