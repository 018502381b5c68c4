#!/usr/bin/env bash
# System packages the browser tests need, from Debian (Playwright cannot download its own browsers here):
# Chromium (the Playwright suite), Firefox ESR and WebKitGTK's WebDriver with MiniBrowser under Xvfb (the cross-browser suite),
# and PyTorch with torchvision and onnx (the ONNX tests export torchvision models and compare with PyTorch's own maps).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
/usr/bin/python3 -c 'import torch, torchvision, onnx' >/dev/null 2>&1 || missing+=(python3-torch python3-torchvision python3-onnx)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
