"""The main window: first run → log in → work area (navigation + screens), with an idle lock."""

from __future__ import annotations

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
from station_app.services import auth
from station_app.ui.admin.backup_screen import BackupScreen
from station_app.ui.admin.crop_calendar_screen import CropCalendarScreen
from station_app.ui.admin.loan_products_screen import LoanProductsScreen
from station_app.ui.admin.weather_screen import WEATHER_PERMISSIONS, WeatherScreen
from station_app.ui.dashboard_screen import DashboardScreen
from station_app.ui.farmers.list_screen import FarmersScreen
from station_app.ui.first_run import FirstRunScreen
from station_app.ui.insurance.policies_screen import InsuranceScreen
from station_app.ui.loans.applications_screen import ApplicationsScreen
from station_app.ui.login import LoginScreen
from station_app.ui.scoring.distribution_screen import ScoreDistributionScreen
from station_app.ui.state import AppState
from station_app.ui.sync import SyncController, SyncIndicator, SyncScreen
from station_app.ui.training import TrainingScreen
from station_app.ui.users_screen import UsersScreen
from station_app.ui.verify_screen import VerifyScreen

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


class MainWindow(QMainWindow):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setWindowTitle(self.tr("Station app — rural e-commerce finance service station"))
        self.resize(1360, 860)
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)

        self._hidden_windows: list[QWidget] = []
        self._locked_user: str | None = None
        self.sync = SyncController(state, self)
        self.first_run = FirstRunScreen(state, self.sync)
        self.login = LoginScreen(state)
        self.work = QWidget()
        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(200)
        self.screens = QStackedWidget()
        self.home = DashboardScreen(state)
        self.farmers = FarmersScreen(state)
        self.users = UsersScreen(state)
        self.training = TrainingScreen(state)
        self.crop_calendar = CropCalendarScreen(state)
        self.loan_products = LoanProductsScreen(state)
        self.weather = WeatherScreen(state)
        self.backups = BackupScreen(state)
        self.scores = ScoreDistributionScreen(state)
        self.loans = ApplicationsScreen(state)
        self.insurance = InsuranceScreen(state)
        self.verify = VerifyScreen(state)
        self.sync_screen = SyncScreen(state, self.sync)
        work_layout = QHBoxLayout(self.work)
        work_layout.addWidget(self.nav)
        work_layout.addWidget(self.screens, 1)
        for page in (self.first_run, self.login, self.work):
            self.pages.addWidget(page)

        self.status_user = QLabel()
        self.status_station = QLabel()
        self.status_busy = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.status_station, 1)
        bar.addWidget(self.status_user, 1)
        self.sync_indicator = SyncIndicator()
        bar.addPermanentWidget(self.sync_indicator)
        bar.addPermanentWidget(self.status_busy)
        bar.addPermanentWidget(QLabel(f"v{__version__}"))

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

        self.idle = IdleWatcher(state.settings.idle_lock_minutes, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.idle.connect(self.lock)

        self.first_run.finished.connect(self.show_login)
        self.login.logged_in.connect(self.enter)
        self.login.language_chosen.connect(self.switch_language)
        self.nav.currentRowChanged.connect(self.screens.setCurrentIndex)
        self.home.open_requested.connect(self.open_target)
        state.runner.busy_changed.connect(self._busy_changed)
        self.sync.status_changed.connect(self.sync_indicator.show_status)
        self.sync.running_changed.connect(self.sync_indicator.set_running)
        self.sync_indicator.clicked.connect(self.open_sync)
        self.sync.enrolled.connect(self._show_station)  # the server's station record
        self.sync.start()
        if auth.is_initialized(state.db):
            self.show_login()
        else:
            self.pages.setCurrentWidget(self.first_run)
            self.toolbar.hide()

    def _show_station(self, *_args: object) -> None:
        station = auth.current_station(self.state.db)
        demo = self.tr(" · demo data") if station and station.is_demo else ""
        self.status_station.setText((station.name if station else "") + demo)

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
        while self.screens.count():
            self.screens.removeWidget(self.screens.widget(0))
        self.nav.clear()
        entries = []
        if self.state.can(Permission.FARMER_READ):
            entries.append((self.tr("Home"), self.home))
            entries.append((self.tr("Farmers"), self.farmers))
            entries.append((self.tr("Training"), self.training))
            entries.append((self.tr("Credit scores"), self.scores))
        if any(self.state.can(p) for p in LOAN_PERMISSIONS):
            entries.append((self.tr("Loans"), self.loans))
        if any(self.state.can(p) for p in INSURANCE_PERMISSIONS):
            entries.append((self.tr("Insurance"), self.insurance))
        entries.append((self.tr("Check a document"), self.verify))
        if self.state.can(Permission.USER_MANAGE):
            entries.append((self.tr("Staff accounts"), self.users))
            self.users.reload()
        if self.state.can(Permission.PRODUCT_MANAGE):
            entries.append((self.tr("Crop calendar"), self.crop_calendar))
            entries.append((self.tr("Loan products"), self.loan_products))
        if any(self.state.can(p) for p in WEATHER_PERMISSIONS):
            entries.append((self.tr("Weather data"), self.weather))
        if self.state.can(Permission.BACKUP_MANAGE):
            entries.append((self.tr("Backups"), self.backups))
        entries.append((self.tr("Sync"), self.sync_screen))  # everyone (SYNC.md inv. 10)
        for text, screen in entries:
            self.nav.addItem(QListWidgetItem(text))
            self.screens.addWidget(screen)
        self.home.set_targets({key for key, screen in self._targets().items()
                               if self.screens.indexOf(screen) >= 0})
        self.nav.setCurrentRow(0)

    def _targets(self) -> dict[str, QWidget]:
        return {"farmers": self.farmers, "scores": self.scores, "loans:active": self.loans,
                "loans:overdue": self.loans, "insurance": self.insurance,
                "training": self.training}

    def open_target(self, target: str) -> None:
        """A home-screen tile asked for the list behind it (when this person has it)."""
        screen = self._targets().get(target)
        index = self.screens.indexOf(screen) if screen is not None else -1
        if index < 0:
            return
        if target.startswith("loans:"):
            records = self.loans.list.filter
            records.setCurrentIndex(records.findData(target.split(":", 1)[1]))
        self.nav.setCurrentRow(index)

    def open_sync(self) -> None:
        """The status-bar indicator was clicked: show the sync page (when logged in)."""
        if self.state.actor is None or self.pages.currentWidget() is not self.work:
            return
        index = self.screens.indexOf(self.sync_screen)
        if index >= 0:
            self.nav.setCurrentRow(index)

    def switch_language(self, language: str) -> None:
        """Save the choice and rebuild the window in that language (from the log-in page,
        so nothing typed is lost)."""
        self.state.settings.language = language
        self.state.settings.save()
        app = QApplication.instance()
        if app is not None:
            app.exit(EXIT_RESTART)

    def lock(self) -> None:
        """Hide everything until a password is entered again (shared kiosk)."""
        actor = self.state.actor
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
        self.idle.timer.stop()
        self.state.set_actor(None)
        self.show_login()

    def closeEvent(self, event) -> None:
        self.state.settings.save()
        self.sync.stop()
        self.state.runner.wait(10000)
        super().closeEvent(event)
