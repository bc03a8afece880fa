# Sourced by ./run-tests: installs the third-party clients the interoperability tests drive.
# Each step is skipped when its tool is already present, so a developer's second run is fast.

need_apt=()
command -v turnutils_uclient >/dev/null 2>&1 || need_apt+=(coturn)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "run-tests: installing ${need_apt[*]} (Debian packages)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# coturn's package starts its own server on 3478 on some systems; our tests need that port free.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet coturn 2>/dev/null; then
  systemctl stop coturn || true
fi
pkill -x turnserver 2>/dev/null || true

if [ -f interop/package.json ] && [ ! -d interop/node_modules ]; then
  echo "run-tests: installing npm packages for the WebRTC interop tests"
  (cd interop && npm ci --no-audit --no-fund --loglevel=error)
fi
