package dev.sessioncluster.account;

import java.util.Optional;

import org.springframework.data.domain.AuditorAware;

import dev.sessioncluster.user.CurrentUser;
import dev.sessioncluster.user.CurrentUserHolder;

/**
 * Fills {@code created_by} and {@code updated_by} from {@link CurrentUserHolder}: the
 * reason the holder exists is that code deep in the persistence layer needs the user
 * without every caller passing it down. Work done with nobody signed in (a visitor
 * registering, the demo seed) is recorded as {@value #SYSTEM}.
 */
class CurrentUserAuditor implements AuditorAware<String> {

	static final String SYSTEM = "system";

	@Override
	public Optional<String> getCurrentAuditor() {
		return Optional.of(CurrentUserHolder.current().map(CurrentUser::username).orElse(SYSTEM));
	}

}
