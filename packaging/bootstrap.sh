#!/usr/bin/env bash
# Set up a development/kiosk checkout on a fresh Debian/Ubuntu machine, idempotently:
#   1. system libraries Qt needs, a Chinese font, Xvfb and poppler (for screenshots/PDF checks);
#   2. a virtualenv in .venv with the package and its test tools;
#   3. the compiled translations (.ts -> .qm).
# Used by both Quick-start commands in README.md and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
  fonts-wqy-microhei xvfb xauth poppler-utils
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Please install as root: apt-get install ${missing[*]}" >&2; exit 1
    fi
  fi
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.station-app-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ packaging/constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # Known-good versions: a new upstream release (or warning, with filterwarnings=error)
  # must not break a fresh machine that the last CI run did not see.
  .venv/bin/python -m pip install -q -c packaging/constraints.txt -e '.[dev,central]'
  touch "$stamp"
fi

for ts in resources/translations/*.ts; do
  .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
done
echo "station-app is set up in .venv"
