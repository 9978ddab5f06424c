package dev.sessioncluster;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The domain module has no application class of its own; slice tests find this one.
 */
@SpringBootApplication
class DomainTestApplication {

}
