#!/usr/bin/env bash
# Install the studio and its test tools into .venv, make sure Chromium is there, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# The LiteLLM proxy that tests/test_litellm.py runs lives in its own venv: litellm 1.106 pins openai<3,
# the studio runs openai 3. About 45 s and 740 MB the first time, a few seconds after that.
if [ ! -x .venv-litellm/bin/python ]; then
    python3 -m venv .venv-litellm
    .venv-litellm/bin/python -m pip install --quiet --upgrade pip  # the bundled pip resolves it 2.5x slower
fi
.venv-litellm/bin/python -m pip install --quiet -r tests/litellm/requirements.txt
if [ ! -x /usr/bin/chromium ] || ! command -v espeak-ng >/dev/null || ! command -v curl >/dev/null \
    || ! command -v npm >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    # Browser tests drive Debian's Chromium and bring axe-core with npm; the local engine speaks dialog
    # with espeak-ng; the README's examples run with curl; the team tests start their own PostgreSQL.
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium espeak-ng curl npm postgresql >/dev/null
fi
# tests/browser/test_accessibility.py checks the page with axe-core, an npm package pinned in
# tests/browser/package-lock.json.
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    npm ci --prefix tests/browser --no-audit --no-fund
fi
# Every test (plain pytest skips the slow ones), on a worker per core: much of the suite waits on the
# engine's emulated latency and on processes starting, so two workers on two cores overlap the waiting of one
# with the work of the other. A file's tests stay together on one worker, in order (module fixtures start once;
# test_fuzz.py counts the cases it fuzzed), and files go out in collection order (slow files first, see
# tests/conftest.py). `./test.sh -n 0` runs them in this process, one after another.
exec .venv/bin/python -m pytest -m "slow or not slow" -n logical --dist loadfile --no-loadscope-reorder "$@"
