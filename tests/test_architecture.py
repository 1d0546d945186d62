"""The layering rules of docs/architecture.md, checked by import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_contracts_catch_a_qt_import_in_the_domain(tmp_path):
    """The check is not vacuous: a domain module importing PySide6 breaks it."""
    bad = ROOT / "station_app" / "domain" / "_layering_probe.py"
    bad.write_text("import PySide6.QtCore  # noqa: F401\n", encoding="utf-8")
    try:
        lint = Path(sys.executable).parent / "lint-imports"
        result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    finally:
        bad.unlink()
    assert result.returncode != 0
    assert "BROKEN" in result.stdout or "broken" in result.stdout


def test_cli_version():
    result = subprocess.run([sys.executable, "-m", "station_app.cli", "--version"],
                            capture_output=True, text=True, check=True)
    from station_app import __version__

    assert result.stdout.strip() == f"station-app {__version__}"


def test_cli_demo_creates_a_database(tmp_path, station_home):
    db_path = tmp_path / "demo.db"
    result = subprocess.run([sys.executable, "-m", "station_app.cli", "demo", "--farmers", "50",
                             "--db", str(db_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "50 farmers" in result.stdout
    from station_app.services.farmer_search import FarmerSearch
    from station_app.store.db import open_database

    db = open_database(db_path)
    search = FarmerSearch(db)
    try:
        assert search.count() == 50
    finally:
        search.close()
        db.close()
