#!/usr/bin/env bash
# Installs Debian packages for the project's own scripts: `scripts/apt-install.sh PACKAGE...`.
# Uses sudo when not root; waits up to 10 minutes for a concurrent apt-get (another install on a shared machine)
# instead of failing at once; no recommended packages. Needs Debian's package mirror.
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q -o DPkg::Lock::Timeout=600
$sudo apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "$@"
