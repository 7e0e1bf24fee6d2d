#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests (`.ci/run-clients`), and a CJK font so Chinese
# labels do not render as boxes in screenshots, if they are missing.
# Idempotent: does nothing when all three are on the machine. Needs root (or sudo) and Debian's package mirror.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
    && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" chromium chromium-driver fonts-wqy-microhei
chromium --version
