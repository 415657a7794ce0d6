#!/usr/bin/env bash
# Build the clearance-kiosk .deb for Debian 12 (bookworm, amd64) with dpkg-deb; no debhelper needed.
#
#   packaging/build-deb.sh [--out DIR] [--version V] [--deps-from VENV] [--work DIR] [--keep]
#
# --work DIR: build in DIR (staging tree in DIR/root) and keep it; --keep: keep the temporary one.
#
# The application is a virtual environment under /opt/clearance-kiosk/venv made with Debian's own
# /usr/bin/python3 and filled by pip from the project wheel and its dependencies (PyPI, pip's cache).
# Why a venv and not PyInstaller: the heavy dependencies (PySide6, onnxruntime, OpenCV, insightface)
# are manylinux wheels that already bundle their native libraries, and the application locates
# drivers, command groups and the model pack by import name at run time (registry modules,
# pkgutil.iter_modules, importlib.util.find_spec) - all of which work unchanged in a venv but need
# hand-kept hooks and hidden imports in a frozen build. The venv runs the same code the tests run,
# on the interpreter Debian patches.
#
# --deps-from VENV: quick build for CI. The same package (same files, unit, scripts, control),
# except that the venv holds only the project wheel and a .pth file pointing at VENV's
# site-packages instead of ~900 MB of third-party wheels. Such a package works only on the machine
# that built it; its Description says so. Without it, the full build runs (a few minutes on 2 cores
# with a warm pip cache; the tests run it when KIOSK_FULL_DEB=1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PKG=clearance-kiosk
OUT=$ROOT/dist
VERSION=
DEPS_FROM=
KEEP=0
WORK=
PYTHON=${KIOSK_DEB_PYTHON:-/usr/bin/python3.11}  # Debian's interpreter: the package Depends on python3.11
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --version) VERSION=$2; shift 2 ;;
    --deps-from) DEPS_FROM=$2; shift 2 ;;
    --work) WORK=$2; KEEP=1; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: $0 [--out DIR] [--version V] [--deps-from VENV] [--work DIR] [--keep]" >&2; exit 2 ;;
  esac
done
if [ -z "$VERSION" ]; then
  VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)-1
fi
ARCH=$(dpkg --print-architecture)
OPT=/opt/$PKG
VENV=$OPT/venv
if [ -z "$WORK" ]; then WORK=$(mktemp -d "${TMPDIR:-/tmp}/$PKG-deb.XXXXXX"); fi
rm -rf "$WORK/root" "$WORK/wheel" "$WORK/src"
STAGE=$WORK/root
cleanup() { if [ "$KEEP" = 0 ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi; }
trap cleanup EXIT
mkdir -p "$OUT" "$STAGE"
t0=$(date +%s)
step() { echo "==> [$(( $(date +%s) - t0 ))s] $*"; }

# --- the application ------------------------------------------------------------------------
step "project wheel"
"$PYTHON" -m venv "$STAGE$VENV"
PIP=("$STAGE$VENV/bin/python" -m pip --disable-pip-version-check -q)
# from a clean copy: setuptools reuses an in-tree build/ directory, stale modules included
mkdir -p "$WORK/src"
cp -r "$ROOT/pyproject.toml" "$ROOT/README.md" "$ROOT/kiosk" "$ROOT/hardware" "$ROOT/ui" "$WORK/src/"
find "$WORK/src" -name __pycache__ -prune -exec rm -rf {} +
"${PIP[@]}" wheel --no-deps -w "$WORK/wheel" "$WORK/src"
WHEEL=$(ls "$WORK"/wheel/*.whl)
if [ -n "$DEPS_FROM" ]; then
  step "quick build: dependencies from $DEPS_FROM"
  "${PIP[@]}" install --no-deps --no-compile "$WHEEL"
  site=$("$STAGE$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  deps=$("$DEPS_FROM/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  echo "$deps" > "$site/zz-$PKG-quick-build-deps.pth"
  NOTE=" QUICK TEST BUILD: its Python dependencies are those of $DEPS_FROM on the build machine."
else
  step "full build: pip install (cache: $("${PIP[@]}" cache dir 2>/dev/null || echo none))"
  "${PIP[@]}" install --upgrade pip
  "${PIP[@]}" install --no-compile --prefer-binary "$WHEEL"
  # insightface asks for opencv-python, whose bundled Qt plugins clash with PySide6: keep only headless.
  # Both wheels ship the same cv2/ directory, so removing one breaks the other: reinstall headless.
  # (`pip -q show` prints nothing, hence the plain `show`.)
  if "${PIP[@]}" show opencv-python >/dev/null 2>&1; then
    headless=$("${PIP[@]:0:3}" show opencv-python-headless 2>/dev/null | sed -n 's/^Version: //p')
    if [ -z "$headless" ]; then echo "opencv-python-headless is not installed" >&2; exit 1; fi
    "${PIP[@]}" uninstall -y opencv-python
    "${PIP[@]}" install --no-compile --force-reinstall --no-deps "opencv-python-headless==$headless"
  fi
  "$STAGE$VENV/bin/python" -c "import cv2" || { echo "OpenCV does not import in the venv" >&2; exit 1; }
  # consistent, apart from the opencv-python requirement deliberately left unmet above
  broken=$("${PIP[@]}" check 2>&1 | grep -v -e "requires opencv-python, which is not installed" \
    -e "^WARNING: Location" -e "^No broken requirements" || true)
  if [ -n "$broken" ]; then echo "$broken" >&2; exit 1; fi
  NOTE=""
fi
# The venv was made in the staging tree: point its scripts and activate files at the final path.
grep -rlI --null "$STAGE$VENV" "$STAGE$VENV/bin" | xargs -0 -r sed -i "s#$STAGE$VENV#$VENV#g"
find "$STAGE$VENV" -name direct_url.json -delete  # names the build directory; nothing needs it
step "byte-compile"
# once, here, with the final paths in the .pyc files (pip ran with --no-compile); some third-party
# packages carry files that do not compile (templates, Python 2 examples), hence `|| true`.
"$STAGE$VENV/bin/python" -m compileall -q -j 0 -s "$STAGE" -p / "$STAGE$VENV/lib" >/dev/null || true

# --- system integration -----------------------------------------------------------------------
step "system files"
P=$ROOT/packaging
install -D -m 0755 "$P/bin/clearance-kiosk-session" "$STAGE/usr/lib/$PKG/clearance-kiosk-session"
install -d "$STAGE/usr/bin"
ln -s "$VENV/bin/clearance-kiosk" "$STAGE/usr/bin/clearance-kiosk"
ln -s "/usr/lib/$PKG/clearance-kiosk-session" "$STAGE/usr/bin/clearance-kiosk-session"
install -D -m 0644 "$P/systemd/clearance-kiosk.service" "$STAGE/lib/systemd/system/clearance-kiosk.service"
install -D -m 0644 "$P/udev/70-clearance-kiosk.rules" "$STAGE/lib/udev/rules.d/70-clearance-kiosk.rules"
install -D -m 0644 "$P/sysusers/clearance-kiosk.conf" "$STAGE/usr/lib/sysusers.d/clearance-kiosk.conf"
install -D -m 0644 "$P/tmpfiles/clearance-kiosk.conf" "$STAGE/usr/lib/tmpfiles.d/clearance-kiosk.conf"
install -D -m 0644 "$P/kiosk.example.toml" "$STAGE/etc/$PKG/kiosk.toml"
install -D -m 0644 "$P/pam/clearance-kiosk" "$STAGE/etc/pam.d/$PKG"
install -D -m 0644 "$P/kiosk.example.toml" "$STAGE/usr/share/doc/$PKG/examples/kiosk.example.toml"
install -D -m 0644 "$P/INSTALL.md" "$STAGE/usr/share/doc/$PKG/INSTALL.md"
mkdir -p "$STAGE/usr/share/$PKG"
cp -r "$ROOT/assets" "$STAGE/usr/share/$PKG/assets"
install -d -m 0750 "$STAGE/var/lib/$PKG"

# --- control area -----------------------------------------------------------------------------
step "control"
install -d "$STAGE/DEBIAN"
for s in postinst prerm postrm; do
  install -m 0755 "$P/debian/$s" "$STAGE/DEBIAN/$s"
done
printf '%s\n' "/etc/$PKG/kiosk.toml" "/etc/pam.d/$PKG" > "$STAGE/DEBIAN/conffiles"
SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" -e "s#@NOTE@#$NOTE#" \
  "$P/debian/control.in" > "$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum \
  | sed 's#  \./#  #') > "$STAGE/DEBIAN/md5sums"

step "dpkg-deb"
DEB=$OUT/${PKG}_${VERSION}_${ARCH}.deb
# zstd: fast on 2 cores, and dpkg reads it since 1.21.18 (bookworm has 1.21.22)
dpkg-deb --root-owner-group -Zzstd -z3 --build "$STAGE" "$DEB" >/dev/null
step "built $DEB ($(du -h "$DEB" | cut -f1), installed size $((SIZE / 1024)) MiB)"
echo "$DEB"
