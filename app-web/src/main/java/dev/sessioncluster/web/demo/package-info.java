/**
 * The {@code demo} profile: demo accounts for the walk-through.
 */
package dev.sessioncluster.web.demo;
