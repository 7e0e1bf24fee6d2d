#!/usr/bin/env bash
# Installs what the notebooks under notebooks/ need, all from Debian: Jupyter (the notebook server, nbconvert and
# the IPython kernel of Debian's /usr/bin/python3), JPype (the kernel starts the jobs jar's JVM in-process),
# pandas and matplotlib, and a CJK font so Chinese chart labels do not render as boxes.
# Used by `.ci/run-clients` for NotebooksTest. Idempotent: does nothing when everything is on the machine.
# Needs root (or sudo) and Debian's package mirror; nothing comes from PyPI.
set -euo pipefail
if [ -x /usr/bin/jupyter ] && [ -x /usr/bin/jupyter-nbconvert ] && [ -x /usr/bin/jupyter-notebook ] \
    && /usr/bin/python3 -c 'import ipykernel, nbclient, jpype, pandas, matplotlib' >/dev/null 2>&1 \
    && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" \
  jupyter-core jupyter-nbconvert jupyter-notebook python3-ipykernel python3-nbclient \
  python3-jpype python3-pandas python3-matplotlib fonts-wqy-microhei
/usr/bin/jupyter nbconvert --version
/usr/bin/python3 -c 'import jpype; print("JPype", jpype.__version__)'
