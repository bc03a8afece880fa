/**
 * Relayed bytes and allocations per API key per calendar month (UTC), monthly quotas, and their
 * crash-safe persistence in the data directory.
 */
package io.turnpike.server.usage;
