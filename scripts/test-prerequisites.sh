# Sourced by ./run-tests: installs what the interoperability tests drive, only when it is missing:
#   coturn's client tools (turnutils_stunclient, turnutils_uclient, turnutils_peer), strace (reads
#   the STUN client's source port), Debian's chromium (the browsers' WebRTC stack), Node.js + npm, and
#   the pinned npm packages of interop/ (node-datachannel, playwright-core, dockerfile-utils) via
#   `npm ci`; and the checkers of the deployment files: shellcheck, promtool (Debian's prometheus),
#   systemd-analyze (systemd) and curl.
# Idempotent and quiet: a second run installs nothing and prints nothing. Any failed install stops
# the test run with a non-zero status and the tail of the installer's log: the interop tests are
# never skipped for want of a tool.

tp_die() {
  echo "run-tests: $*" >&2
  exit 1
}

tp_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    tp_die "need root (or sudo) to install: $*"
  fi
}

# Installs Debian packages without letting their maintainer scripts start services: coturn's
# package would otherwise start a TURN server on 3478. policy-rc.d answering 101 is Debian's
# standard way to say "start nothing" (honoured by invoke-rc.d and deb-systemd-invoke).
tp_apt_install() {
  local log policy=/usr/sbin/policy-rc.d own_policy=0
  log=$(mktemp "${TMPDIR:-/tmp}/turnpike-apt.XXXXXX")
  echo "run-tests: installing Debian packages: $*"
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | tp_as_root tee "$policy" >/dev/null
    tp_as_root chmod 755 "$policy"
    own_policy=1
  fi
  local status=0
  { tp_as_root apt-get update -qq &&
    tp_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } \
    >"$log" 2>&1 || status=$?
  if [ "$own_policy" -eq 1 ]; then
    tp_as_root rm -f "$policy"
  fi
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$log" >&2
    tp_die "apt-get install $* failed (status $status; full log in $log)"
  fi
  rm -f "$log"
}

# Stops a coturn service if one runs anyway (installed before, or started by an init system that
# ignores policy-rc.d): only the packaged service, by its own service manager or pid file.
tp_stop_packaged_coturn() {
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    if systemctl is-active --quiet coturn 2>/dev/null; then
      tp_as_root systemctl stop coturn || tp_die "cannot stop the coturn service"
    fi
    if systemctl is-enabled --quiet coturn 2>/dev/null; then
      tp_as_root systemctl disable --quiet coturn || tp_die "cannot disable the coturn service"
    fi
  fi
  local pidfile pid
  for pidfile in /run/turnserver/turnserver.pid /var/run/turnserver.pid /run/turnserver.pid; do
    [ -r "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = turnserver ]; then
      echo "run-tests: stopping the packaged coturn server (pid $pid)"
      tp_as_root kill "$pid" || tp_die "cannot stop coturn (pid $pid)"
    fi
  done
}

# Debian's prometheus package starts a Prometheus server on 9090 where an init system ignores
# policy-rc.d; the tests need only its promtool.
tp_stop_packaged_prometheus() {
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1 &&
      systemctl is-active --quiet prometheus 2>/dev/null; then
    tp_as_root systemctl stop prometheus || tp_die "cannot stop the prometheus service"
    tp_as_root systemctl disable --quiet prometheus || true
  fi
}

tp_install_prerequisites() {
  local need=() tool
  for tool in turnutils_stunclient turnutils_uclient turnutils_peer; do
    command -v "$tool" >/dev/null 2>&1 || { need+=(coturn); break; }
  done
  command -v strace >/dev/null 2>&1 || need+=(strace)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    tp_apt_install "${need[@]}"
  fi
  tp_stop_packaged_coturn

  tp_stop_packaged_prometheus

  for tool in turnutils_stunclient turnutils_uclient turnutils_peer strace node npm mvn \
      shellcheck promtool systemd-analyze curl; do
    command -v "$tool" >/dev/null 2>&1 || tp_die "$tool is still missing after installing ${need[*]}"
  done
  [ -x /usr/bin/chromium ] || tp_die "/usr/bin/chromium is still missing after installing ${need[*]}"
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 18 ] || tp_die "node $(node -v) is too old for interop/ (needs 18 or newer)"

  # npm ci when node_modules is missing or older than the lock file (npm ci records the lock it
  # installed in node_modules/.package-lock.json).
  local installed=interop/node_modules/.package-lock.json
  if [ ! -f "$installed" ] || [ interop/package-lock.json -nt "$installed" ]; then
    echo "run-tests: installing the interop npm packages (npm ci)"
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/turnpike-npm.XXXXXX")
    (cd interop && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 || {
      tail -n 30 "$log" >&2
      tp_die "npm ci in interop/ failed (full log in $log)"
    }
    rm -f "$log"
  fi
  # The native module must load: a missing prebuilt binary would otherwise fail only in a test.
  (cd interop && node -e "require('node-datachannel')" >/dev/null 2>&1) ||
    tp_die "node-datachannel does not load in interop/ (see: cd interop && node -e \"require('node-datachannel')\")"
}

tp_install_prerequisites
