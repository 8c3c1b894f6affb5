#!/usr/bin/env bash
# Wraps the bundle (tools/bundle.sh) as a Debian package with dpkg-deb, then runs lintian.
#
#   tools/package-deb.sh [--version V] [--bundle DIR] [--out DIR] [--no-lintian] [--fast]
#
# Prints the path of dist/hall-kiosk_VERSION_amd64.deb. VERSION defaults to pyproject's.
# What lands where (docs/deployment.md):
#   /opt/hall-kiosk/releases/VERSION/   the bundle; /opt/hall-kiosk/current -> it (postinst)
#   /usr/bin/kiosk                      -> /opt/hall-kiosk/current/kiosk
#   /etc/hall-kiosk/config.toml         the configuration (a conffile: kept on upgrade)
#   /etc/hall-kiosk/hub.env             the hub unit's settings (a conffile, mode 0600)
#   /lib/systemd/system/hall-kiosk@.service, hall-kiosk-hub.service
#   /lib/udev/rules.d/60-hall-kiosk.rules  (port map example: /usr/share/doc/hall-kiosk/examples/)
#   /usr/lib/modules-load.d/hall-kiosk.conf the device classes' drivers, loaded at boot
#   /usr/share/doc/hall-kiosk/licences/ every bundled Python package's licence texts
#   /usr/share/man/man1/kiosk.1.gz      the man page (tools/make_manpage.py)
#   /var/lib/hall-kiosk/                data, made by postinst (kept on remove, gone on purge)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

version=""; bundle=""; out="$here/dist"; run_lintian=1; compress=(-Zgzip -z6)
while (($#)); do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --bundle) bundle="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-lintian) run_lintian=0; shift ;;
    --fast) compress=(-Zgzip -z1); shift ;;  # for tests: the same files, built faster
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "package-deb: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$version" ]; then
  version="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)"
fi
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "package-deb: version '$version' is not a Debian native version (digits, letters, . + ~)" >&2
  exit 2
fi
[ -n "$bundle" ] || bundle="$(tools/bundle.sh)"
[ -x "$bundle/kiosk" ] || { echo "package-deb: no bundle at $bundle (run tools/bundle.sh)" >&2; exit 2; }

# Who signs the package: DEBFULLNAME / DEBEMAIL, as dch and friends read them.
maintainer="${DEBFULLNAME:-hall-kiosk packagers} <${DEBEMAIL:-packaging@hall-kiosk.org}>"
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)}"
export SOURCE_DATE_EPOCH

stage="$(mktemp -d "${TMPDIR:-/tmp}/hall-kiosk-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
release="$root/opt/hall-kiosk/releases/$version"
mkdir -p "$release" "$root/DEBIAN" "$root/usr/bin" "$root/etc/hall-kiosk" \
  "$root/lib/systemd/system" "$root/lib/udev/rules.d" "$root/usr/share/doc/hall-kiosk" \
  "$root/usr/share/lintian/overrides"

# The bundle, copied: a hard link changes the shared inode's ctime (linking, the chmods
# below, removing the stage), and a second package build's tar reading the same bundle
# failed with "file changed as we read it". Reflinks where the file system has them.
cp -a --reflink=auto "$bundle/." "$release/"
echo "$version" > "$release/VERSION.tmp" && mv "$release/VERSION.tmp" "$release/VERSION"
ln -s /opt/hall-kiosk/current/kiosk "$root/usr/bin/kiosk"

install -m 0644 packaging/config.toml "$root/etc/hall-kiosk/config.toml"
install -m 0600 packaging/hub.env "$root/etc/hall-kiosk/hub.env"  # may hold the status password
install -m 0644 packaging/systemd/hall-kiosk@.service packaging/systemd/hall-kiosk-hub.service \
  "$root/lib/systemd/system/"
install -m 0644 packaging/udev/60-hall-kiosk.rules "$root/lib/udev/rules.d/"
install -D -m 0644 packaging/udev/61-hall-kiosk-ports.rules \
  "$root/usr/share/doc/hall-kiosk/examples/61-hall-kiosk-ports.rules"  # the port map to copy to /etc
install -D -m 0644 packaging/modules-load.d/hall-kiosk.conf "$root/usr/lib/modules-load.d/hall-kiosk.conf"
install -m 0644 packaging/debian/copyright "$root/usr/share/doc/hall-kiosk/copyright"
# Every bundled Python package's licence texts (debian/copyright points there), and the
# man page from the argparse tree, both made by the virtualenv the bundle was built from.
py="${PYTHON:-}"
if [ -z "$py" ]; then
  if [ -x .venv/bin/python ]; then py=.venv/bin/python; else py=/work/main/.venv/bin/python; fi
fi
PYTHONPATH="$here" "$py" tools/collect_licences.py --out "$root/usr/share/doc/hall-kiosk/licences" >&2
mkdir -p "$root/usr/share/man/man1"
PYTHONPATH="$here" "$py" tools/make_manpage.py --version "$version" --out "$stage/kiosk.1" >/dev/null
gzip -9n < "$stage/kiosk.1" > "$root/usr/share/man/man1/kiosk.1.gz"
install -m 0644 docs/deployment.md "$root/usr/share/doc/hall-kiosk/deployment.md"
install -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/hall-kiosk"
{
  echo "hall-kiosk ($version) unstable; urgency=medium"
  echo
  echo "  * Built from $(git rev-parse --short HEAD 2>/dev/null || echo 'a source tree')."
  echo
  echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$root/usr/share/doc/hall-kiosk/changelog.gz"

for script in preinst postinst prerm postrm; do
  sed "s/@VERSION@/$version/g" "packaging/debian/$script" > "$root/DEBIAN/$script"
  chmod 0755 "$root/DEBIAN/$script"
done
printf '%s\n' /etc/hall-kiosk/config.toml /etc/hall-kiosk/hub.env > "$root/DEBIAN/conffiles"
size_kib="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size_kib/" -e "s|@MAINTAINER@|$maintainer|" \
  packaging/debian/control.in \
  > "$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum) > "$root/DEBIAN/md5sums"

# Permissions as Debian wants them whatever the umask: directories 0755, files 0644,
# executables (and shared libraries, which lintian expects without the x bit) as built.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f ! -path "$root/DEBIAN/*" -perm /111 -name '*.so*' -exec chmod 0644 {} +
find "$root" -type f ! -path "$root/DEBIAN/*" -perm /111 ! -name '*.so*' -exec chmod 0755 {} +
find "$root" -type f ! -path "$root/DEBIAN/*" ! -perm /111 ! -name hub.env -exec chmod 0644 {} +

mkdir -p "$out"
deb="$out/hall-kiosk_${version}_amd64.deb"
# gzip: xz would save ~20 % of the download and cost minutes on a 2-core build machine.
dpkg-deb --root-owner-group "${compress[@]}" --build "$root" "$deb.tmp" >&2
mv "$deb.tmp" "$deb"
echo "package-deb: $(du -h "$deb" | cut -f1) $deb" >&2

if ((run_lintian)); then
  if command -v lintian >/dev/null; then
    # Errors fail the build; warnings are printed for the record.
    lintian --fail-on error --tag-display-limit 0 "$deb" >&2
  else
    echo "package-deb: lintian is not installed (tools/bootstrap.sh installs it)" >&2; exit 2
  fi
fi
echo "$deb"
