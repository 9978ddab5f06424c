/**
 * Who is acting: the {@link dev.sessioncluster.user.CurrentUser} of the current request
 * and the thread-bound {@link dev.sessioncluster.user.CurrentUserHolder} that carries it.
 */
package dev.sessioncluster.user;
