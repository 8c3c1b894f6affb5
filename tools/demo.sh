#!/usr/bin/env bash
# Runs the product on its embedded default: the kiosk role in demo mode (bundled demo
# catalog, simulated devices, embedded hub). Extra arguments go to `kiosk run`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/tools/bootstrap.sh"
cd "$here"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  # No screen (a server, CI): show it on a virtual one so it still runs.
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/kiosk run --role kiosk --demo "$@"
fi
exec .venv/bin/kiosk run --role kiosk --demo "$@"
