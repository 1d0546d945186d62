"""Log-in screen; also the lock screen of an idle kiosk.

It is shown before the database is open (``ui/startup.py``): the user name and password can
be typed at once, titled with the station name remembered from the last start.  A log-in
submitted before :meth:`LoginScreen.attach` waits for it, saying so.  Nothing of the database
layer is imported here at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.settings import Settings
from station_app.ui.i18n import LANGUAGES
from station_app.ui.widgets import BigButton, ErrorLabel

if TYPE_CHECKING:
    from station_app.ui.state import AppState


class LoginScreen(QWidget):
    logged_in = Signal(object)  # Actor
    language_chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_page")
        self.settings = settings
        self.state: AppState | None = None
        self._station_name: str | None = None
        self._demo = False
        self._waiting = False  # a log-in was submitted before the database was open
        self.title = QLabel(objectName="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel(objectName="hint")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.button = BigButton(self.tr("Log in"), primary=True)
        self.button.setObjectName("login_button")
        self.demo_hint = QLabel(objectName="hint")
        self.wait_hint = QLabel(objectName="hint")
        self.wait_hint.setWordWrap(True)
        self.wait_hint.hide()
        self.demo_hint.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():  # each name in its own language
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.currentIndexChanged.connect(self._language_changed)

        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        box = QWidget()
        box.setFixedWidth(520)  # the same width before and after the demo hint appears
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(16)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        inner.addWidget(self.wait_hint)
        inner.addWidget(self.demo_hint)
        inner.addSpacing(24)
        inner.addWidget(self.language, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.locked_for = None
        self.refresh()

    def show_remembered(self, station_name: str | None) -> None:
        """The station's name from the last start, until the database is open."""
        self._station_name = station_name
        self._show_title()

    def attach(self, state: AppState) -> None:
        """The database is open: the real station name, the demo hint, and a log-in that
        was waiting goes ahead."""
        self.state = state
        self._read_station()
        self._show_title()
        self._show_demo_hint()
        if self._waiting:
            self._waiting = False
            self.submit()

    def _read_station(self) -> None:
        from station_app.services.auth import current_station

        station = current_station(self.state.db)
        self._station_name = station.name if station else None
        self._demo = station is not None and station.is_demo

    def _show_title(self) -> None:
        self.title.setText(self._station_name or self.tr("Station app"))

    def _show_demo_hint(self) -> None:
        if self._demo:
            from station_app.services.demo import DEMO_PASSWORD

            self.demo_hint.setText(self.tr("Demo station: log in as admin, tutor, specialist or branch, password %1.").replace("%1", DEMO_PASSWORD))  # noqa: E501
            self.demo_hint.show()
        else:
            self.demo_hint.hide()

    def refresh(self, *, locked_user: str | None = None) -> None:
        self.locked_for = locked_user
        if self.state is not None:  # e.g. the station was just created or joined
            self._read_station()
        self._show_title()
        if locked_user:
            self.subtitle.setText(self.tr("The screen was locked after a period of inactivity. Enter the password to continue, or log in as another user."))  # noqa: E501
            self.username.setText(locked_user)
        else:
            self.subtitle.setText(self.tr("Rural e-commerce finance service station"))
            self.username.setText(self.settings.last_username)
        self._show_demo_hint()
        self.password.clear()
        self.error.show_messages([])
        (self.password if self.username.text() else self.username).setFocus()

    def _language_changed(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != self.settings.language:
            self.language_chosen.emit(code)

    def submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.error.show_messages([self.tr("Please enter the user name and password.")])
            return
        self.button.setEnabled(False)
        if self.state is None:  # the database is still opening: go ahead when it is open
            self._waiting = True
            self.wait_hint.setText(self.tr("Opening the database… you are logged in as soon as it is open."))  # noqa: E501
            self.wait_hint.show()
            return
        self.wait_hint.hide()
        from station_app.services import auth

        db = self.state.db
        self.state.runner.run(lambda: auth.login(db, username, password),
                              self._done, self._failed, owner=self)

    def _done(self, actor) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.error.show_messages([])
        self.settings.last_username = actor.username
        self.logged_in.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        from station_app.ui.errors import plain_message

        text = plain_message(exc, self.state.language)
        if text is None:
            self.state.errors.report(exc, self)
        else:
            self.error.show_messages([text])
