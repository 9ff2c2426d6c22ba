#!/usr/bin/env bash
# Install the studio and its test tools into .venv, make sure Chromium is there, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
if [ ! -x /usr/bin/chromium ] || ! command -v espeak-ng >/dev/null; then
    # Browser tests drive Debian's Chromium; the local engine speaks dialog with espeak-ng.
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium espeak-ng >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
