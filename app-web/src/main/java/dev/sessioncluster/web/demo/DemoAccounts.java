package dev.sessioncluster.web.demo;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.sessioncluster.account.AccountInputException;
import dev.sessioncluster.account.AccountRepository;
import dev.sessioncluster.account.AccountService;
import dev.sessioncluster.account.Registration;

/**
 * Creates the demo accounts {@code alice} and {@code bob} when the {@code demo} profile
 * is active. Every replica runs this at start-up against the shared database, so it is
 * idempotent and tolerates another replica creating the same account at the same moment.
 */
@Component
@Profile("demo")
class DemoAccounts implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoAccounts.class);

	static final List<Registration> ACCOUNTS = List.of(
			new Registration("alice", "alice@example.com", "Alice Martin", "alice-password"),
			new Registration("bob", "bob@example.com", "Bob Chen", "bob-password"));

	private final AccountService service;

	private final AccountRepository accounts;

	DemoAccounts(AccountService service, AccountRepository accounts) {
		this.service = service;
		this.accounts = accounts;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (Registration registration : ACCOUNTS) {
			if (this.accounts.findByUsername(registration.username()).isPresent()) {
				continue;
			}
			try {
				this.service.register(registration);
				logger.info("Created demo account '" + registration.username() + "'");
			}
			catch (AccountInputException ex) {
				// Another replica created it first.
			}
		}
	}

}
