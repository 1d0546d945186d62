"""Start-up in two steps (ui/startup.py): the window and its log-in page come first, the
database opens behind them on a real background thread, a log-in typed meanwhile goes ahead
once it is open; screens are made when first opened; the fast path imports no database code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.settings import Settings
from station_app.store import migrate
from station_app.ui import main_window as main_window_module
from station_app.ui import startup
from station_app.ui.main_window import EXIT_RESTART, MainWindow
from station_app.ui.runner import Runner


@pytest.fixture
def opening(qtbot, db, station, db_path: Path):
    """A window made from the settings alone, its database (an initialized station) being
    opened on a real thread.  The station name is remembered as by an earlier start."""
    settings = Settings(language="en", idle_lock_minutes=5)
    settings.login_cache = {"db": str(db_path.resolve()), "station": station[0].name,
                            "demo": False}
    win = MainWindow(settings=settings, runner=Runner())
    qtbot.addWidget(win)
    win.show()
    yield win, settings
    win.close()
    if win.state is not None:
        win.state.search.close()
        win.state.db.close()


def test_the_log_in_page_is_live_before_the_database_is_open(qtbot, opening, db_path,
                                                              staff_passwords) -> None:
    win, _settings = opening
    win.open_database(db_path)
    # The result of the background open is delivered through the event loop, which has not
    # turned yet: the database is certainly not attached here.
    assert win.state is None
    assert win.pages.currentWidget() is win.login
    assert win.login.title.text()  # the remembered station name
    win.login.username.setText("tutor")
    win.login.password.setText(staff_passwords["tutor"])
    win.login.submit()
    assert win.login.wait_hint.isVisibleTo(win.login)  # "opening the database…"
    assert not win.login.button.isEnabled()
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.work, timeout=20_000)
    assert win.state.actor.username == "tutor"
    assert not win.login.wait_hint.isVisibleTo(win.login)


def test_an_unknown_database_shows_the_opening_page_then_the_log_in(qtbot, opening, db_path,
                                                                    station, tmp_path) -> None:
    win, settings = opening
    settings.login_cache = {"db": str(tmp_path / "another.db"), "station": "别的站"}
    win.open_database(db_path)
    assert win.pages.currentWidget() is win.opening
    assert win.opening.bar.maximum() == 0  # busy, never a frozen window
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.login, timeout=20_000)
    # The log-in page names the station; the next start shows it at once.
    assert win.login.title.text() == station[0].name
    assert settings.login_cache == {"db": str(db_path.resolve()), "station": station[0].name,
                                    "demo": False}
    saved = json.loads(Settings.path().read_text(encoding="utf-8"))
    assert saved["login_cache"] == settings.login_cache
    assert startup.remembered(settings, db_path) is not None


def test_a_damaged_file_is_reported_and_nothing_is_attached(qtbot, tmp_path) -> None:
    bad = tmp_path / "not-a-database.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    win = MainWindow(settings=Settings(language="en"), runner=Runner())
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.opening_failed, timeout=20_000) as signal:
        win.open_database(bad)
    from station_app.store.db import NotADatabaseError

    assert isinstance(signal.args[0], NotADatabaseError)
    assert win.state is None
    assert bad.read_bytes() == b"this is not SQLite" * 100  # nothing changed


class _FakeApp:
    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, code: int) -> None:
        self.codes.append(code)


def test_a_language_chosen_while_opening_restarts_once_open(qtbot, opening, db_path,
                                                            monkeypatch) -> None:
    win, settings = opening
    fake = _FakeApp()
    monkeypatch.setattr(main_window_module, "QApplication",
                        type("App", (), {"instance": staticmethod(lambda: fake)}))
    win.open_database(db_path)
    win.login.language.setCurrentIndex(win.login.language.findData("zh_CN"))
    assert settings.language == "zh_CN"
    assert fake.codes == []  # not yet: the database is still opening
    qtbot.waitUntil(lambda: win.state is not None, timeout=20_000)
    assert fake.codes == [EXIT_RESTART]


def test_screens_are_made_when_first_opened(qtbot, window, staff_passwords, log_in) -> None:
    assert window._built == {}
    log_in(window, "tutor", staff_passwords["tutor"])
    assert set(window._built) == {"home"}  # the first page, nothing else yet
    placeholders = [window.screens.widget(i).objectName() for i in range(window.screens.count())]
    assert placeholders[0] != "placeholder_home"
    assert "placeholder_farmers" in placeholders
    row = window._nav_keys.index("farmers")
    window.nav.setCurrentRow(row)
    assert window.screens.currentWidget() is window.farmers
    assert window.screens.indexOf(window.farmers) == row
    assert "placeholder_farmers" not in [window.screens.widget(i).objectName()
                                         for i in range(window.screens.count())]
    # Asking for a screen by name makes it in its place too (the tiles of the home screen).
    assert window.screens.indexOf(window.training) == window._nav_keys.index("training")
    window.logout()
    log_in(window, "admin", staff_passwords["admin"])
    assert window.screens.indexOf(window.farmers) == window._nav_keys.index("farmers")


def test_head_revision_from_file_names_is_alembics_head() -> None:
    assert migrate.head_revision() == migrate.alembic_head_revision()


def test_the_fast_path_imports_no_database_code(tmp_path) -> None:
    """What runs before the window is shown must not import SQLAlchemy, the models or the
    services (that is what keeps the start within 2x of a bare window, docs/benchmarks.md)."""
    code = (
        "import sys\n"
        "from station_app.ui.app import make_app\n"
        "from station_app.ui.main_window import MainWindow\n"
        "from station_app.settings import Settings\n"
        "app = make_app(language='zh_CN')\n"
        "window = MainWindow(settings=Settings.load())\n"
        "window.show()\n"
        "app.processEvents()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'alembic', 'pypinyin', 'reportlab', 'requests') "
        "or m.startswith(('station_app.store', 'station_app.services', 'station_app.sync')))\n"
        "print(heavy)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STATION_APP_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_start_up_check_shows_the_window_before_the_database(tmp_path) -> None:
    """The real entry point over a demo database: the first start shows the opening page
    (nothing remembered yet), the second the log-in page at once; both print the window line
    before the ready line."""
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STATION_APP_HOME": str(home),
           "STATION_APP_NO_KEYRING": "1"}
    env.pop("STATION_APP_DB", None)
    subprocess.run([sys.executable, "-m", "station_app.cli", "demo", "--farmers", "20"],
                   env=env, check=True, capture_output=True, timeout=300)
    pages = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "station_app.cli"],
                                env={**env, "STATION_APP_SMOKE_EXIT_MS": "0"},
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        lines = [ln for ln in result.stdout.splitlines() if ln.startswith("station-app smoke:")]
        assert [ln.split()[2] for ln in lines] == ["window", "longest", "ready"], lines
        window_at, ready_at = float(lines[0].split()[3]), float(lines[2].split()[3])
        assert window_at <= ready_at
        pages.append(lines[0].split()[4])
    assert pages == ["opening_page", "login_page"]
    cache = json.loads((home / "settings.json").read_text(encoding="utf-8"))["login_cache"]
    assert set(cache) == {"db", "station", "demo"}  # a path and a name: no personal data
    assert cache["demo"] is True and cache["db"] == str((home / "station.db").resolve())
