package dev.sessioncluster.web.urlsession;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page that anonymous visitors open and that renders a form: its CSRF token lives
 * in the session, so the session must exist before the page's links and form action are
 * written, or they would be written without the id and a browser without cookies would
 * post the form to a session it cannot name (403). {@link NeedsSessionInterceptor}
 * creates it first. Pages for signed-in users need nothing: their session exists already.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NeedsSession {

}
