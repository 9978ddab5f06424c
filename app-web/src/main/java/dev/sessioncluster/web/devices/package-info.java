/**
 * "Your sessions": the signed-in user's sessions across all replicas, and ending them.
 */
package dev.sessioncluster.web.devices;
