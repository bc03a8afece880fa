/**
 * Start-up configuration: {@code reference.conf} loading ({@link io.turnpike.server.config.ConfigLoader}),
 * the validated engine settings ({@link io.turnpike.server.config.ServerSettings}), the data directory
 * with its generated secret, and the start-up banner. A wrong value is a {@code ConfigException.BadValue}
 * naming the full key.
 */
package io.turnpike.server.config;
