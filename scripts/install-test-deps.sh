#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium (Playwright cannot download its own here).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi
