"""Log-in screen; also the lock screen of an idle kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.services import auth
from station_app.services.auth import current_station
from station_app.services.demo import DEMO_PASSWORD
from station_app.ui.i18n import LANGUAGES
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel


class LoginScreen(QWidget):
    logged_in = Signal(object)  # Actor
    language_chosen = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
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
        self.demo_hint.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():  # each name in its own language
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(state.language)))
        self.language.currentIndexChanged.connect(self._language_changed)

        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        box = QWidget()
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(16)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
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

    def refresh(self, *, locked_user: str | None = None) -> None:
        station = current_station(self.state.db)
        self.locked_for = locked_user
        self.title.setText(station.name if station else self.tr("Station app"))
        if locked_user:
            self.subtitle.setText(self.tr("The screen was locked after a period of inactivity. Enter the password to continue, or log in as another user."))  # noqa: E501
            self.username.setText(locked_user)
        else:
            self.subtitle.setText(self.tr("Rural e-commerce finance service station"))
            self.username.setText(self.state.settings.last_username)
        if station is not None and station.is_demo:
            self.demo_hint.setText(self.tr("Demo station: log in as admin, tutor, specialist or branch, password %1.").replace("%1", DEMO_PASSWORD))  # noqa: E501
            self.demo_hint.show()
        else:
            self.demo_hint.hide()
        self.password.clear()
        self.error.show_messages([])
        (self.password if self.username.text() else self.username).setFocus()

    def _language_changed(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != self.state.language:
            self.language_chosen.emit(code)

    def submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.error.show_messages([self.tr("Please enter the user name and password.")])
            return
        self.button.setEnabled(False)
        self.state.runner.run(lambda: auth.login(self.state.db, username, password),
                              self._done, self._failed, owner=self)

    def _done(self, actor) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.error.show_messages([])
        self.state.settings.last_username = actor.username
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
