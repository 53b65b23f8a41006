#!/usr/bin/env bash
# Installs everything topo's build and tests need on a fresh Debian machine with Node 20+:
# the npm dependencies (npm ci) and, when run as root or with sudo, the Debian packages some
# tests use. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

# Debian packages: a test needs each one; install what is missing.
packages=(python3-heat)
if [ ${#packages[@]} -gt 0 ]; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "setup: need root to install: ${missing[*]}" >&2; exit 1
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
  fi
fi
