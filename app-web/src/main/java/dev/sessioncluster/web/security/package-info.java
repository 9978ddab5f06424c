/**
 * Authentication with Spring Security: form login, CSRF, session fixation protection and
 * sign-out.
 */
package dev.sessioncluster.web.security;
