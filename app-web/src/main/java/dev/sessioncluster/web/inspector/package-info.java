/**
 * The session inspector of the demo ({@code app.inspector.enabled}, set by the
 * {@code demo} profile): a page that shows the mechanism at work for the very request
 * that rendered it. Where the session lives and how big it is, which replica created it
 * and which one serves it, whether this request found it in the near cache, what it cost
 * in Redis commands and time, and the user the ThreadLocal held. Off in every other
 * profile: none of its filters, listeners or decorators is even created then.
 */
package dev.sessioncluster.web.inspector;
