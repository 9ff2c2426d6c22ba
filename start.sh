#!/usr/bin/env bash
# Install the studio into .venv and start it on the built-in local engine (http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/python backend/app.py
