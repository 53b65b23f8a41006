#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/) need on a fresh Debian machine:
# chromium for playwright-core, ripgrep (stands in for the rg that code-server's
# @vscode/ripgrep would download from GitHub), the toolchain and Kerberos headers
# that code-server's native modules are compiled with, and code-server itself
# (into .cache/code-server). Idempotent: quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  # Wait for (rather than fail on) another apt/dpkg run holding the lock.
  apt-get -o DPkg::Lock::Timeout=600 update -q
  apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}"
fi

node scripts/code-server.mjs install
