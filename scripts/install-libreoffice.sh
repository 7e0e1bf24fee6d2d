#!/usr/bin/env bash
# Installs LibreOffice Calc from Debian's packages for the export round-trip test (idempotent).
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then
  echo "soffice already installed: $(soffice --version 2>/dev/null | head -1)"
  exit 0
fi
"$(dirname "$0")/apt-install.sh" libreoffice-calc
soffice --version | head -1
