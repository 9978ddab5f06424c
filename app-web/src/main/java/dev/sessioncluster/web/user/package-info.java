/**
 * The signed-in user on the request thread: a filter binds it to
 * {@link dev.sessioncluster.user.CurrentUserHolder} after Spring Security has loaded the
 * session's security context, and unbinds it when the request ends.
 */
package dev.sessioncluster.web.user;
