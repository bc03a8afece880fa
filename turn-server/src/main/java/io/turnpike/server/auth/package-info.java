/**
 * The long-term credential mechanism (RFC 8489 §9.2): stateless nonces, the
 * {@link io.turnpike.server.auth.Authenticator}, and pluggable {@link io.turnpike.server.auth.CredentialStore}s
 * for static users and TURN REST shared secrets (several at once, for rotation).
 */
package io.turnpike.server.auth;
