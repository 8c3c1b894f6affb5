#!/usr/bin/env bash
# Installs what the product and its tests need, and does nothing when all is in place:
#   1. Debian packages (only when root and something is missing),
#   2. a virtual environment in .venv with the pinned packages of requirements.lock,
#   3. the project itself, editable, so `kiosk` is on the venv's PATH.
# Usage: tools/bootstrap.sh            (sourced by tools/demo.sh and tools/test.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# Fonts for Chinese text, the Qt xcb platform, Xvfb for screenshots, socat for serial
# test rigs, pcscd + vpcd for the virtual social security card, espeak-ng for speech;
# lintian checks the Debian package, cage runs the kiosk session (it will not start without
# Xwayland, its Recommends), xdotool taps in e2e tests;
# the Wayland client libraries are what the bundle's Qt wayland plug-in (under cage) needs,
# and what the package depends on, so installing it here works offline.
debs=(
  fonts-noto-cjk fonts-wqy-microhei
  libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libpulse0
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  xvfb xauth x11-utils socat pcscd vsmartcard-vpcd libpcsclite-dev swig
  espeak-ng sox postgresql xdotool matchbox-window-manager
  lintian cage xwayland
)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: missing Debian packages (run as root to install): ${missing[*]}" >&2
  fi
fi

py="${PYTHON:-python3}"
"$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "bootstrap: Python 3.11 or newer is needed ($py is $("$py" --version 2>&1))" >&2; exit 2; }

stamp=".venv/.bootstrap-stamp"
want="$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "bootstrap: preparing .venv with the pinned packages" >&2
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock 2>&1 \
    | grep -v "is ignored: it is neither" >&2 || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . --config-settings editable_mode=compat >/dev/null
  echo "$want" > "$stamp"
fi
