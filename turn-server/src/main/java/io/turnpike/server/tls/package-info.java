/**
 * TLS for {@code turns:} and HTTPS: {@link io.turnpike.server.tls.TlsSettings} reads
 * {@code turnpike.tls}; {@link io.turnpike.server.tls.ServerTls} holds the current Netty context
 * (TLS 1.3/1.2, AEAD suites), built from PEM files or a generated self-signed certificate, and
 * replaces it when the files change.
 */
package io.turnpike.server.tls;
