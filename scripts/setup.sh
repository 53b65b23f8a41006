#!/usr/bin/env bash
# Installs everything topo's build, tests and `npm start` need on a fresh Debian machine with
# Node 20+: the npm dependencies (npm ci), the Debian packages some tests use (python3-heat for
# Heat's template validation, curl, neovim; haproxy, keepalived, pdns-server + pdns-backend-bind and
# dnsutils for the generated traffic layer's checks and loopback failover tests), and code-server
# with chromium for the end-to-end tests. Run as
# root or with sudo for the Debian packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

# Debian packages: a test needs each one; install what is missing. python3-heat validates the
# HEAT templates; curl is what the GitLab CI recipe of docs/ci.md posts its note with; neovim (0.7+)
# is the second editor test/neovim.test.ts drives over LSP. haproxy, keepalived,
# pdns-server + pdns-backend-bind and dnsutils (dig) run the generated traffic layer for real.
packages=(python3-heat curl neovim haproxy keepalived pdns-server pdns-backend-bind dnsutils)
if [ ${#packages[@]} -gt 0 ]; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "setup: need root to install: ${missing[*]}" >&2; exit 1
    fi
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
  fi
fi

# The real VS Code for the end-to-end tests and `npm start`: code-server (into .cache/, not the
# extension's dependencies), Debian's chromium for playwright-core, and what code-server needs.
bash scripts/e2e-setup.sh
