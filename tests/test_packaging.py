"""Installer recipes: cheap consistency checks always; the real bundle build + smoke run
only with ``STATION_BUNDLE_SMOKE=1`` (PyInstaller takes ~1.5 min on 2 cores; see
docs/packaging.md)."""

from __future__ import annotations

import configparser
import os
import subprocess
from pathlib import Path

import pytest

from station_app import __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def test_desktop_entry_is_well_formed() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "station-app.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Icon"] == "station-app"
    assert section["Exec"].split()[0].endswith("/station-app")
    assert section["Terminal"] == "false"
    assert section["Name[zh_CN]"]


def test_icons_exist_and_the_spec_ships_resources_and_migrations() -> None:
    assert (ROOT / "resources" / "icons" / "station-app.png").is_file()
    assert (ROOT / "resources" / "icons" / "station-app.ico").is_file()
    spec = (PACKAGING / "station-app.spec").read_text(encoding="utf-8")
    assert '"resources"' in spec and "station_app/store/migrations" in spec
    assert "__version__" in spec


def test_inno_setup_script_takes_the_package_version() -> None:
    iss = (PACKAGING / "windows" / "station-app.iss").read_text(encoding="utf-8")
    assert "AppVersion={#AppVersion}" in iss
    assert "VERSION" in iss  # read from the bundle, which the spec writes from __version__
    assert "{autodesktop}" in iss and "{group}" in iss and "station-app.ico" in iss


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("STATION_BUNDLE_SMOKE") != "1",
                    reason="builds the PyInstaller bundle (~1.5 min); set STATION_BUNDLE_SMOKE=1")
def test_bundle_builds_starts_creates_its_database_and_quits() -> None:
    result = subprocess.run(["bash", str(PACKAGING / "smoke_bundle.sh"), "--rebuild"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "PASS:" in result.stdout
    assert (ROOT / "dist" / "station-app" / "VERSION").read_text().strip() == __version__
