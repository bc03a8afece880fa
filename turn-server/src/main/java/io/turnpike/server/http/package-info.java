/**
 * The HTTP/1.1 listener: Cloudflare-compatible TURN credential API (generate-ice-servers, generate,
 * revoke), usage report, Prometheus metrics, health and readiness, and the ICE test page; optionally
 * Cloudflare's TURN beside Turnpike's. Entry points: {@link io.turnpike.server.http.HttpApiServer},
 * {@link io.turnpike.server.http.HttpApiContext}, {@link io.turnpike.server.http.ApiKeys},
 * {@link io.turnpike.server.http.RevocationList}.
 */
package io.turnpike.server.http;
