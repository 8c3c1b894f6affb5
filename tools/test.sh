#!/usr/bin/env bash
# Runs the whole test suite (unit, integration with real pcscd/pty/TCP rigs, offscreen
# UI, end-to-end under Xvfb, architecture contracts) on every core (pytest-xdist; a
# module's tests stay on one worker, tests/conftest.py). Extra arguments go to pytest
# (`-n 0` runs it in one process).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/tools/bootstrap.sh"
cd "$here"
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest -n auto --dist loadgroup "$@"
