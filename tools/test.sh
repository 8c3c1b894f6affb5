#!/usr/bin/env bash
# Runs the whole test suite (unit, integration with real pcscd/pty/TCP rigs, offscreen
# UI, end-to-end under Xvfb, architecture contracts). Extra arguments go to pytest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/tools/bootstrap.sh"
cd "$here"
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest "$@"
