/**
 * What every part of the web application leans on and that is about none of them: the
 * replica's identity, the static asset paths, the shutdown drain, and the order of every
 * servlet filter ({@link dev.sessioncluster.web.support.FilterOrder}).
 */
package dev.sessioncluster.web.support;
