"""The main window: opening → first run / log in → work area (navigation + screens), with an
idle lock.

The window is made before the database is open (``ui/startup.py``): ``MainWindow(settings=…)``
shows the log-in page at once, :meth:`MainWindow.open_database` opens the database on the
runner and :meth:`MainWindow.attach` hands over the :class:`AppState`.  ``MainWindow(state)``
(tests, a restart after a language switch) attaches at once.  Screens are made, and their
modules imported, the first time they are opened (``SCREENS``); until then the navigation's
stack holds an empty placeholder.  Both keep the start of the app fast (docs/benchmarks.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from station_app import __version__
from station_app.domain.roles import Permission
from station_app.settings import Settings
from station_app.ui import startup
from station_app.ui.login import LoginScreen
from station_app.ui.runner import Runner

if TYPE_CHECKING:
    from station_app.ui.first_run import FirstRunScreen
    from station_app.ui.state import AppState

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard, mouse or touch input."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


# Who sees the loans page: the specialist who files, the branch that decides and collects.
LOAN_PERMISSIONS = (Permission.APPLICATION_PREPARE, Permission.APPLICATION_DECIDE,
                    Permission.REPAYMENT_RECORD)
# Who sees the insurance page: the specialist who applies, the branch that issues.
INSURANCE_PERMISSIONS = (Permission.APPLICATION_PREPARE, Permission.APPLICATION_DECIDE)

EXIT_RESTART = 1000  # run_gui builds the window again (e.g. in another language)

# Home-screen tiles → the screen behind each.
_TARGETS = {"farmers": "farmers", "scores": "scores", "loans:active": "loans",
            "loans:overdue": "loans", "insurance": "insurance", "training": "training"}



# The screens, each made (and its module imported) when first opened.
def _home(window: MainWindow) -> QWidget:
    from station_app.ui.dashboard_screen import DashboardScreen

    screen = DashboardScreen(window.state)
    screen.open_requested.connect(window.open_target)
    return screen


def _farmers(window: MainWindow) -> QWidget:
    from station_app.ui.farmers.list_screen import FarmersScreen

    return FarmersScreen(window.state)


def _training(window: MainWindow) -> QWidget:
    from station_app.ui.training import TrainingScreen

    return TrainingScreen(window.state)


def _scores(window: MainWindow) -> QWidget:
    from station_app.ui.scoring.distribution_screen import ScoreDistributionScreen

    return ScoreDistributionScreen(window.state)


def _loans(window: MainWindow) -> QWidget:
    from station_app.ui.loans.applications_screen import ApplicationsScreen

    return ApplicationsScreen(window.state)


def _insurance(window: MainWindow) -> QWidget:
    from station_app.ui.insurance.policies_screen import InsuranceScreen

    return InsuranceScreen(window.state)


def _verify(window: MainWindow) -> QWidget:
    from station_app.ui.verify_screen import VerifyScreen

    return VerifyScreen(window.state)


def _users(window: MainWindow) -> QWidget:
    from station_app.ui.users_screen import UsersScreen

    screen = UsersScreen(window.state)
    screen.reload()
    return screen


def _crop_calendar(window: MainWindow) -> QWidget:
    from station_app.ui.admin.crop_calendar_screen import CropCalendarScreen

    return CropCalendarScreen(window.state)


def _loan_products(window: MainWindow) -> QWidget:
    from station_app.ui.admin.loan_products_screen import LoanProductsScreen

    return LoanProductsScreen(window.state)


def _weather(window: MainWindow) -> QWidget:
    from station_app.ui.admin.weather_screen import WeatherScreen

    return WeatherScreen(window.state)


def _backups(window: MainWindow) -> QWidget:
    from station_app.ui.admin.backup_screen import BackupScreen

    screen = BackupScreen(window.state)
    screen.follow(window.daily_backup)
    return screen


def _sync_screen(window: MainWindow) -> QWidget:
    from station_app.ui.sync.screen import SyncScreen

    return SyncScreen(window.state, window.sync)


SCREENS: dict[str, Callable[[MainWindow], QWidget]] = {
    "home": _home, "farmers": _farmers, "training": _training, "scores": _scores,
    "loans": _loans, "insurance": _insurance, "verify": _verify, "users": _users,
    "crop_calendar": _crop_calendar, "loan_products": _loan_products, "weather": _weather,
    "backups": _backups, "sync_screen": _sync_screen,
}


class _Screen:
    """``window.farmers`` and the like: the screen, made when first asked for."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, window: MainWindow | None, owner: type) -> QWidget:
        if window is None:
            return self  # type: ignore[return-value]
        return window.screen(self.key)


class MainWindow(QMainWindow):
    opening_failed = Signal(object)  # the exception that kept the database from opening

    home = _Screen()
    farmers = _Screen()
    training = _Screen()
    scores = _Screen()
    loans = _Screen()
    insurance = _Screen()
    verify = _Screen()
    users = _Screen()
    crop_calendar = _Screen()
    loan_products = _Screen()
    weather = _Screen()
    backups = _Screen()
    sync_screen = _Screen()

    def __init__(self, state: AppState | None = None, *, settings: Settings | None = None,
                 runner: Runner | None = None) -> None:
        super().__init__()
        self.settings = state.settings if state is not None else (settings or Settings())
        self.runner = state.runner if state is not None else (runner or Runner())
        self.state: AppState | None = None
        self.sync = None  # SyncController, once attached
        self.daily_backup = None  # DailyBackup, once attached
        self.claims = None  # AutomaticClaims, once attached
        self.setWindowTitle(self.tr("Station app — rural e-commerce finance service station"))
        self.resize(1360, 860)
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)

        self._hidden_windows: list[QWidget] = []
        self._locked_user: str | None = None
        self._first_run: FirstRunScreen | None = None
        self._built: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._nav_keys: list[str] = []
        self._restart_when_attached = False
        self.opening = startup.OpeningPage()
        self.login = LoginScreen(self.settings)
        self.work = QWidget()
        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(200)
        self.screens = QStackedWidget()
        work_layout = QHBoxLayout(self.work)
        work_layout.addWidget(self.nav)
        work_layout.addWidget(self.screens, 1)
        for page in (self.opening, self.login, self.work):
            self.pages.addWidget(page)

        self.status_user = QLabel()
        self.status_station = QLabel()
        self.status_busy = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.status_station, 1)
        bar.addWidget(self.status_user, 1)
        self._sync_slot = QWidget()  # the sync indicator goes here once attached
        QHBoxLayout(self._sync_slot).setContentsMargins(0, 0, 0, 0)
        bar.addPermanentWidget(self._sync_slot)
        bar.addPermanentWidget(self.status_busy)
        bar.addPermanentWidget(QLabel(f"v{__version__}"))
        self.sync_indicator = None  # SyncIndicator, once attached

        self.lock_action = QAction(self.tr("Lock screen"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self.logout)
        toolbar = self.addToolBar(self.tr("Session"))
        toolbar.setObjectName("session_toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.lock_action)
        toolbar.addAction(self.logout_action)
        self.toolbar = toolbar
        toolbar.hide()

        self.idle = IdleWatcher(self.settings.idle_lock_minutes, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.idle.connect(self.lock)

        self.login.logged_in.connect(self.enter)
        self.login.language_chosen.connect(self.switch_language)
        self.nav.currentRowChanged.connect(self._nav_row_changed)
        self.runner.busy_changed.connect(self._busy_changed)
        if state is not None:
            self.attach(state)
        else:
            self.pages.setCurrentWidget(self.opening)

    # -- start-up --------------------------------------------------------------------------
    def open_database(self, path: Path | None) -> None:
        """Open the database on the runner, showing the log-in page meanwhile when this
        database was opened before (else the opening page); then :meth:`attach`."""
        cache = startup.remembered(self.settings, path)
        if cache is not None:
            self.login.show_remembered(cache.get("station"))
            self.show_login()
        self.runner.run(lambda: startup.open_station(path), self._opened,
                        self.opening_failed.emit, owner=self)

    def _opened(self, opened: startup.Opened) -> None:
        from station_app.ui.state import AppState

        if startup.remember(self.settings, opened):
            self.settings.save()
        self.attach(AppState(opened.db, settings=self.settings, runner=self.runner),
                    initialized=opened.initialized)
        self.runner.run(startup.warm_imports)

    def attach(self, state: AppState, *, initialized: bool | None = None) -> None:
        """The database is open: start sync and the daily backup; show the first-run page or
        the log-in page (a log-in already typed goes ahead)."""
        from station_app.services import auth
        from station_app.ui.admin.daily_backup import DailyBackup
        from station_app.ui.insurance.automatic_claims import AutomaticClaims
        from station_app.ui.sync.controller import SyncController
        from station_app.ui.sync.indicator import SyncIndicator

        self.state = state
        self.sync = SyncController(state, self)
        self.daily_backup = DailyBackup(state, self)
        self.claims = AutomaticClaims(state, self)
        self.claims.made.connect(self._claims_made)
        self.sync_indicator = SyncIndicator()
        self._sync_slot.layout().addWidget(self.sync_indicator)
        self.sync.status_changed.connect(self.sync_indicator.show_status)
        self.sync.running_changed.connect(self.sync_indicator.set_running)
        self.sync_indicator.clicked.connect(self.open_sync)
        self.sync.enrolled.connect(self._show_station)  # the server's station record
        self.sync.start()
        if self._restart_when_attached:  # the language was switched while opening
            self.switch_language(self.settings.language)
            return
        if initialized is None:
            initialized = auth.is_initialized(state.db)
        on_login = self.pages.currentWidget() is self.login
        self.login.attach(state)
        if not initialized:
            self.pages.setCurrentWidget(self.first_run)
            self.toolbar.hide()
        elif not on_login:
            self.show_login()

    @property
    def first_run(self) -> FirstRunScreen:
        """The first-run page (made when needed: most starts never show it)."""
        if self._first_run is None:
            from station_app.ui.first_run import FirstRunScreen

            self._first_run = FirstRunScreen(self.state, self.sync)
            self._first_run.finished.connect(self.show_login)
            self.pages.addWidget(self._first_run)
        return self._first_run

    # -- screens ---------------------------------------------------------------------------
    def screen(self, key: str) -> QWidget:
        """The screen ``key`` (see ``SCREENS``), made now if it was not yet; when its
        placeholder is in the navigation's stack, the screen takes its place."""
        built = self._built.get(key)
        if built is not None:
            return built
        if self.state is None:
            raise RuntimeError(f"screen {key!r} asked for before the database is open")
        built = self._built[key] = SCREENS[key](self)
        placeholder = self._placeholders.pop(key, None)
        index = self.screens.indexOf(placeholder) if placeholder is not None else -1
        if index >= 0:
            current = self.screens.currentIndex()
            self.screens.insertWidget(index, built)
            self.screens.removeWidget(placeholder)
            if current == index:
                self.screens.setCurrentIndex(index)
        if placeholder is not None:
            placeholder.deleteLater()
        return built

    def _slot(self, key: str) -> QWidget:
        """What goes in the stack for ``key``: the screen if made, else a placeholder."""
        if key in self._built:
            return self._built[key]
        placeholder = self._placeholders.get(key)
        if placeholder is None:
            placeholder = self._placeholders[key] = QWidget()
            placeholder.setObjectName(f"placeholder_{key}")
        return placeholder

    def _nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._nav_keys):
            screen = self.screen(self._nav_keys[row])
            self.screens.setCurrentWidget(screen)

    # -- the session -----------------------------------------------------------------------
    def _show_station(self, *_args: object) -> None:
        from station_app.services import auth

        station = auth.current_station(self.state.db)
        demo = self.tr(" · demo data") if station and station.is_demo else ""
        self.status_station.setText((station.name if station else "") + demo)

    def _claims_made(self, due: object) -> None:
        count = len(due.run.created)  # type: ignore[attr-defined]
        self.statusBar().showMessage(self.tr(
            "%1 insurance claim(s) computed from the weather data; see the insurance page.")
            .replace("%1", str(count)), 60_000)

    def _busy_changed(self, count: int) -> None:
        self.status_busy.setText(self.tr("Working…") if count else "")

    def show_login(self, *, locked_user: str | None = None) -> None:
        self.login.refresh(locked_user=locked_user)
        self.pages.setCurrentWidget(self.login)
        self.toolbar.hide()

    def enter(self, actor) -> None:
        hidden, self._hidden_windows = self._hidden_windows, []
        resumed = self._locked_user == actor.username and self.state.actor is not None
        self._locked_user = None
        for window in hidden:
            if not shiboken6.isValid(window):
                continue
            if resumed:
                window.show()  # the same person carries on where they were
            else:
                window.close()  # another person must not see the previous one's work
        if resumed:
            self.pages.setCurrentWidget(self.work)
            self.toolbar.show()
            self.idle.timer.start()
            return
        self.state.set_actor(actor)
        self.state.settings.save()
        self._build_nav()
        self.status_user.setText(f"{actor.display_name}（{self.state.text(actor.role.label)}）")
        self._show_station()
        self.pages.setCurrentWidget(self.work)
        self.toolbar.show()
        self.idle.timer.start()
        if self.state.can(Permission.FARMER_READ):
            tile = self.home.first_tile()  # the home screen; the farmer search is one click away
            (tile or self.home).setFocus()

    def _build_nav(self) -> None:
        from station_app.services.weather import IMPORT_PERMISSIONS as WEATHER_PERMISSIONS

        self.nav.blockSignals(True)
        while self.screens.count():
            self.screens.removeWidget(self.screens.widget(0))
        self.nav.clear()
        self.nav.blockSignals(False)
        entries = []
        if self.state.can(Permission.FARMER_READ):
            entries.append((self.tr("Home"), "home"))
            entries.append((self.tr("Farmers"), "farmers"))
            entries.append((self.tr("Training"), "training"))
            entries.append((self.tr("Credit scores"), "scores"))
        if any(self.state.can(p) for p in LOAN_PERMISSIONS):
            entries.append((self.tr("Loans"), "loans"))
        if any(self.state.can(p) for p in INSURANCE_PERMISSIONS):
            entries.append((self.tr("Insurance"), "insurance"))
        entries.append((self.tr("Check a document"), "verify"))
        if self.state.can(Permission.USER_MANAGE):
            entries.append((self.tr("Staff accounts"), "users"))
            if "users" in self._built:
                self._built["users"].reload()  # type: ignore[attr-defined]
        if self.state.can(Permission.PRODUCT_MANAGE):
            entries.append((self.tr("Crop calendar"), "crop_calendar"))
            entries.append((self.tr("Loan products"), "loan_products"))
        if any(self.state.can(p) for p in WEATHER_PERMISSIONS):
            entries.append((self.tr("Weather data"), "weather"))
        if self.state.can(Permission.BACKUP_MANAGE):
            entries.append((self.tr("Backups"), "backups"))
        entries.append((self.tr("Sync"), "sync_screen"))  # everyone (SYNC.md inv. 10)
        self._nav_keys = [key for _text, key in entries]
        for text, key in entries:
            self.nav.addItem(QListWidgetItem(text))
            self.screens.addWidget(self._slot(key))
        if "home" in self._nav_keys:
            self.home.set_targets({target for target, key in _TARGETS.items()
                                   if key in self._nav_keys})
        self.nav.setCurrentRow(0)

    def open_target(self, target: str) -> None:
        """A home-screen tile asked for the list behind it (when this person has it)."""
        key = _TARGETS.get(target)
        if key not in self._nav_keys:
            return
        if target.startswith("loans:"):
            records = self.loans.list.filter
            records.setCurrentIndex(records.findData(target.split(":", 1)[1]))
        self.nav.setCurrentRow(self._nav_keys.index(key))

    def open_sync(self) -> None:
        """The status-bar indicator was clicked: show the sync page (when logged in)."""
        if self.state is None or self.state.actor is None \
                or self.pages.currentWidget() is not self.work:
            return
        if "sync_screen" in self._nav_keys:
            self.nav.setCurrentRow(self._nav_keys.index("sync_screen"))

    def switch_language(self, language: str) -> None:
        """Save the choice and rebuild the window in that language (from the log-in page,
        so nothing typed is lost).  Chosen while the database still opens: done once it is
        open, so the restarted window has it."""
        self.settings.language = language
        self.settings.save()
        if self.state is None:
            self._restart_when_attached = True
            return
        app = QApplication.instance()
        if app is not None:
            app.exit(EXIT_RESTART)

    def lock(self) -> None:
        """Hide everything until a password is entered again (shared kiosk)."""
        actor = self.state.actor if self.state is not None else None
        if actor is None:
            return
        self.idle.timer.stop()
        open_windows = [w for w in self.findChildren(QWidget)
                         if w.isWindow() and w is not self and w.isVisible()]
        # Forms marked keepOnLock are hidden and stay in memory with what was typed; short
        # prompts (a delete reason, a message box) are cancelled.
        keep = [w for w in open_windows if w.property("keepOnLock")]
        for window in open_windows:
            if window not in keep and isinstance(window, QDialog):
                window.reject()
        self._hidden_windows = keep
        for window in self._hidden_windows:
            window.hide()
        self._locked_user = actor.username
        self.show_login(locked_user=actor.username)

    def logout(self) -> None:
        """End the session; windows left open (a quote, a finished document) are closed, so
        the next person at a shared kiosk does not see them."""
        self.idle.timer.stop()
        for window in self.findChildren(QWidget):
            if window.isWindow() and window is not self and window.isVisible():
                window.close()
        if self.state is not None:
            self.state.set_actor(None)
        self.show_login()

    def closeEvent(self, event) -> None:
        self.settings.save()
        if self.sync is not None:
            self.sync.stop()
        self.runner.wait(10000)
        super().closeEvent(event)
