#!/usr/bin/env bash
# Builds the PyInstaller one-folder bundle (`hall-kiosk/`, command `hall-kiosk/kiosk`)
# reproducibly from what is checked out, and reuses an earlier build whose inputs match.
#
#   tools/bundle.sh                 build (or reuse) and print the bundle's folder
#   tools/bundle.sh --force         rebuild even when a build with the same inputs exists
#   tools/bundle.sh --hash          print the inputs' hash only
#
# Inputs: requirements.lock, pyproject.toml, the spec and runtime hook, this script, and
# every file of the product's packages. Their hash names the cache folder
# build/bundle/<hash>/; the build itself runs with PYTHONHASHSEED=0 and SOURCE_DATE_EPOCH
# (the last commit's time) so that the same inputs give the same files.
# Environment: PYTHON (default .venv/bin/python, else /work/main/.venv/bin/python).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

force=0; hash_only=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --hash) hash_only=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bundle: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

py="${PYTHON:-}"
if [ -z "$py" ]; then
  if [ -x .venv/bin/python ]; then py=.venv/bin/python; else py=/work/main/.venv/bin/python; fi
fi
[ -x "$py" ] || { echo "bundle: no Python at $py: run tools/bootstrap.sh first" >&2; exit 2; }

inputs_hash() {
  # Content of every input file (names included), sorted, so a rename or edit changes it.
  {
    printf '%s\n' requirements.lock pyproject.toml packaging/hall-kiosk.spec packaging/pyi_rth_hall_kiosk.py tools/bundle.sh
    find kiosk drivers offline_cache ui launcher hub common -type f \
      ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null
  } | LC_ALL=C sort | while read -r f; do
    printf '%s %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"
  done | sha256sum | cut -c1-16
}

hash="$(inputs_hash)"
if ((hash_only)); then echo "$hash"; exit 0; fi

cache="build/bundle/$hash"
out="$cache/dist/hall-kiosk"
# One build at a time in this checkout: two at once (the bundle's and the package's tests
# on two test workers) removed each other's work folder. The one that waited reuses.
mkdir -p build/bundle
exec 9>build/bundle/.lock
flock 9
if ((force == 0)) && [ -f "$cache/ok" ] && [ -x "$out/kiosk" ]; then
  echo "bundle: reusing $out (inputs $hash)" >&2
  echo "$here/$out"
  exit 0
fi

rm -rf "$cache"
mkdir -p "$cache"
# The last commit's time: a rebuild of the same checkout stamps the same times.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)"
export SOURCE_DATE_EPOCH PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
echo "bundle: building into $out (inputs $hash)" >&2
start=$(date +%s)
"$py" -m PyInstaller --noconfirm --log-level WARN \
  --workpath "$cache/work" --distpath "$cache/dist" packaging/hall-kiosk.spec >&2
rm -rf "$cache/work"
# libpython and the interpreter's extension modules carry debug information (17 MiB);
# the wheels' libraries are left alone (stripping a patchelf-ed library breaks it).
for lib in "$out"/_internal/libpython3*.so* "$out"/_internal/python3*/lib-dynload/*.so; do
  [ -f "$lib" ] && ! [ -L "$lib" ] && strip --strip-debug "$lib"
done
echo "$hash" > "$out/BUNDLE-INPUTS"
size_mib=$(( $(du -sb "$out" | cut -f1) / 1048576 ))
echo "bundle: built in $(( $(date +%s) - start )) s, $size_mib MiB" >&2
touch "$cache/ok"
# Keep only the newest few builds: each is a few hundred MiB.
ls -1dt build/bundle/*/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
echo "$here/$out"
