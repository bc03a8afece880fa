#!/usr/bin/env bash
# Docker HEALTHCHECK: GET /health on the HTTP listener over loopback. The listener is HTTPS with the
# server's certificate by default, which is self-signed (and never names 127.0.0.1), hence -k: the
# check sends no secret and only looks at the status. TURNPIKE_HEALTH_URL overrides the URL, e.g.
# when turnpike.http.bind-address is not a wildcard or loopback address.
set -euo pipefail
if [ "${TURNPIKE_HTTP_TLS:-true}" = "false" ]; then scheme=http; else scheme=https; fi
url="${TURNPIKE_HEALTH_URL:-$scheme://127.0.0.1:${TURNPIKE_HTTP_PORT:-8443}/health}"
exec curl --fail --silent --show-error --insecure --max-time 4 --output /dev/null "$url"
