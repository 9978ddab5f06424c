/**
 * The web application's shell: the landing page, the page layout's model, the replica id
 * and the servlet filters that are not about security or sessions.
 */
package dev.sessioncluster.web;
