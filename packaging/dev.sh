#!/usr/bin/env bash
# The README's two commands: `packaging/dev.sh demo` and `packaging/dev.sh test`.
# Each installs what is missing (Debian packages, the virtualenv and the project) and is quick when
# nothing is. Runs as root on a bare Debian 12 machine, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${KIOSK_VENV:-$ROOT/.venv}

APT_PACKAGES=(
  python3 python3-venv python3-dev gcc swig pkg-config           # build pyscard
  libpcsclite-dev pcscd libccid vsmartcard-vpcd pcsc-tools       # PC/SC stack + virtual reader for tests
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfreetype6 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-image0
  libxcb-render-util0
  fonts-noto-cjk fonts-dejavu-core                               # Chinese/Japanese/Korean text, not boxes
  espeak-ng                                                      # the spoken prompts per language
  mosquitto                                                      # the reference MQTT broker (many lanes)
  shellcheck                                                     # lints the .deb maintainer scripts (tests)
  systemd                                                        # systemd-sysusers + systemd-analyze (.deb tests)
)

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_system() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get update -q
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

install_python() {
  local stamp="$VENV/.kiosk-installed" want
  want=$(sha256sum pyproject.toml packaging/dev.sh | sha256sum | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  echo "==> preparing the Python environment in $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip wheel setuptools
  "$VENV/bin/python" -m pip install -q -e ".[dev]"
  # insightface asks for opencv-python, whose bundled Qt plugins break PySide6: keep only headless.
  if "$VENV/bin/python" -m pip show -q opencv-python >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip uninstall -y -q opencv-python
    "$VENV/bin/python" -m pip install -q --force-reinstall --no-deps \
      "$("$VENV/bin/python" -m pip show opencv-python-headless | sed -n 's/^Version: /opencv-python-headless==/p')"
  fi
  echo "$want" > "$stamp"
}

cmd=${1:-}
shift || true
case "$cmd" in
  demo)
    install_system
    install_python
    # spoken prompts are generated on the machine (≈2 MB a language), once
    [ -f assets/sounds/prompts/.complete ] || "$VENV/bin/clearance-kiosk" i18n prompts || echo "==> no spoken prompts"
    exec "$VENV/bin/clearance-kiosk" run --demo "$@"
    ;;
  test)
    install_system
    install_python
    # the PC/SC and broker tests must run, never skip, where the README's command installed them
    export KIOSK_REQUIRE_PCSC=1 KIOSK_REQUIRE_MOSQUITTO=1 QT_QPA_PLATFORM=offscreen
    echo "==> ruff"
    "$VENV/bin/ruff" check kiosk hardware ui tests benchmarks
    echo "==> import contracts"
    "$VENV/bin/lint-imports"
    echo "==> pytest"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: packaging/dev.sh demo [clearance-kiosk run options] | test [pytest options]" >&2
    exit 2
    ;;
esac
