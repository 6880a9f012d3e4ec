#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine (Python 3.11, root).
#   scripts/setup.sh          runtime: Python packages in .venv, Leaflet & co. from npm into static/vendor
#   scripts/setup.sh --dev    also test tools, Debian's chromium and postgresql
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

need_apt=()
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ "$dev" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
req=requirements.txt
[ "$dev" = 1 ] && req=requirements-dev.txt
stamp=".venv/.installed-$(sha256sum "$req" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages from $req"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$req"
  touch "$stamp"
fi

# Leaflet, its plugins and the offline basemap, served by Streamlit from static/vendor.
if [ ! -f static/vendor/.installed ] || [ package.json -nt static/vendor/.installed ]; then
  echo "setup: installing map assets from npm"
  npm install --no-audit --no-fund --silent
  .venv/bin/python scripts/vendor_assets.py
  touch static/vendor/.installed
fi
