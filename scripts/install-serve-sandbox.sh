#!/usr/bin/env bash
# What `zhibiao serve` needs to run its JDBC server sandboxed (idempotent): Debian's bubblewrap, and the
# unprivileged system user zhibiao-serve (no home, no login shell) it drops to when started as root.
set -euo pipefail
here="$(dirname "$0")"
if [ ! -x /usr/bin/bwrap ]; then
  "$here/apt-install.sh" bubblewrap
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
if ! getent passwd zhibiao-serve >/dev/null; then
  $sudo useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --user-group --comment "zhibiao serve sandbox" zhibiao-serve
fi
echo "bubblewrap $(/usr/bin/bwrap --version | awk '{print $2}'); sandbox user $(getent passwd zhibiao-serve | cut -d: -f1,3,4)"
