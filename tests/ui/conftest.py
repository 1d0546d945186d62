"""UI test fixtures: real widgets on Qt's offscreen platform, a real station database, the
background runner working synchronously (as Picard's FakeThreadPool does) and the error
channel recording instead of opening dialogs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Callable, Iterator  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from station_app.settings import Settings  # noqa: E402
from station_app.store.db import Database  # noqa: E402
from station_app.ui.errors import ErrorChannel  # noqa: E402
from station_app.ui.main_window import MainWindow  # noqa: E402
from station_app.ui.runner import Runner  # noqa: E402
from station_app.ui.state import AppState  # noqa: E402


@pytest.fixture
def make_state(qapp) -> Iterator[Callable[[Database], AppState]]:
    made: list[AppState] = []

    def factory(db: Database, language: str = "zh_CN") -> AppState:
        settings = Settings(language=language, idle_lock_minutes=5)
        state = AppState(db, settings=settings, runner=Runner(synchronous=True),
                         errors=ErrorChannel(language, interactive=False))
        made.append(state)
        return state

    yield factory
    for state in made:
        state.search.close()


@pytest.fixture
def window(qtbot, make_state, db, station) -> Iterator[MainWindow]:
    win = MainWindow(make_state(db))
    win.show()
    yield win
    # Close before the database fixtures go away, then let Qt delete it.
    win.close()
    win.deleteLater()
    qtbot.wait(1)


@pytest.fixture
def log_in(qtbot) -> Callable[[MainWindow, str, str], None]:
    """Type the credentials and click 登录, as a person would."""

    def do(win: MainWindow, username: str, password: str) -> None:
        win.login.username.clear()
        qtbot.keyClicks(win.login.username, username)
        win.login.password.clear()
        qtbot.keyClicks(win.login.password, password)
        qtbot.mouseClick(win.login.button, Qt.MouseButton.LeftButton)

    return do
