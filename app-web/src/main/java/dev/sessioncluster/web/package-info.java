/**
 * The web application's shell: the landing page, the model every page layout needs, and
 * the direct {@code /error} path. Each concern has a room of its own below it.
 */
package dev.sessioncluster.web;
