#!/usr/bin/env bash
# Starts the dashboard; the database is built from seeds/ on first start by the app itself.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/streamlit run dashboard.py --server.headless true "$@"
