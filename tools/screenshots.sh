#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: each role's first screen in demo mode, on a
# virtual X screen, as the README shows them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/tools/bootstrap.sh"
cd "$here"
mkdir -p docs/screenshots
for role in kiosk window display; do
  xvfb-run -a -s "-screen 0 1920x1080x24" \
    .venv/bin/kiosk run --demo --windowed --role "$role" --screenshot "docs/screenshots/$role.png" 2>/dev/null
  echo "docs/screenshots/$role.png"
done
