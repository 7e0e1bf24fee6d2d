#!/usr/bin/env bash
# Installs LibreOffice Calc from Debian's packages for the export round-trip test (idempotent).
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then
  echo "soffice already installed: $(soffice --version 2>/dev/null | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends libreoffice-calc
soffice --version | head -1
