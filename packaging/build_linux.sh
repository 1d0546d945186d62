#!/usr/bin/env bash
# Build the Linux one-folder bundle: dist/station-app/station-app (+ _internal/).
#
#   bash packaging/build_linux.sh            # after packaging/bootstrap.sh
#
# Installs PyInstaller into .venv when missing, compiles the translations (.ts -> .qm),
# runs packaging/station-app.spec, and copies the desktop entry and icon beside the bundle
# (dist/station-app/share/...) for a system install (see docs/packaging.md).
# Environment: PYTHON (default .venv/bin/python); STATION_APP_BUNDLE_FONT (a CJK font file
# to ship in resources/fonts, "none" for no font; default: WenQuanYi Micro Hei if installed).
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
if [ ! -x "$PY" ]; then
  echo "no $PY: run packaging/bootstrap.sh first" >&2; exit 1
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "Installing PyInstaller into the venv"
  "$PY" -m pip install -q "pyinstaller>=6.10"
fi

lrelease="$(dirname "$PY")/pyside6-lrelease"
for ts in resources/translations/*.ts; do
  "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done

version=$("$PY" -c "import station_app; print(station_app.__version__)")
echo "Building station-app $version"
started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/station-app.spec

bundle=dist/station-app
# The compiled translations must not look older than their sources in the bundle (the app
# would try to rebuild them with a pyside6-lrelease the bundle does not have).
find "$bundle/_internal/resources/translations" -name '*.qm' -exec touch {} +
mkdir -p "$bundle/share/applications" "$bundle/share/icons/hicolor/256x256/apps"
cp packaging/linux/station-app.desktop "$bundle/share/applications/"
cp resources/icons/station-app.png "$bundle/share/icons/hicolor/256x256/apps/"
echo "Built $bundle ($version) in $(( $(date +%s) - started )) s, $(du -sh "$bundle" | cut -f1)"
