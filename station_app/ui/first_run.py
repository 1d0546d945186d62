"""First-run wizard: create the station and its administrator, join an existing station or
branch (a second computer, or a branch officer's computer), or load demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from station_app.services import auth, demo
from station_app.services.errors import ValidationFailed
from station_app.sync.errors import SyncError
from station_app.ui.state import AppState
from station_app.ui.sync.controller import SyncController
from station_app.ui.widgets import BigButton, ErrorLabel

DEMO_FARMERS = 2000


class FirstRunScreen(QWidget):
    finished = Signal()
    demo_progress = Signal(int, int)

    def __init__(self, state: AppState, sync: SyncController | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.sync = sync
        title = QLabel(self.tr("Welcome! Set up this service station"), objectName="title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, ErrorLabel] = {}
        create_box = QGroupBox(self.tr("Create the station"))
        form = QFormLayout(create_box)
        rows = (
            ("station_name", self.tr("Station name"), self.tr("e.g. 横渠镇农村电商金融服务站")),
            ("province", self.tr("Province"), self.tr("e.g. 陕西省")),
            ("county", self.tr("County"), self.tr("e.g. 眉县")),
            ("station_code", self.tr("Station code"), self.tr("e.g. MX-HQ-01")),
            ("display_name", self.tr("Administrator's name"), ""),
            ("username", self.tr("Administrator's user name"), self.tr("letters or digits, e.g. admin")),
            ("password", self.tr("Password (at least 8 characters)"), ""),
            ("password2", self.tr("Password again"), ""),
        )
        for key, label, placeholder in rows:
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(placeholder)
            if key.startswith("password"):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            error = ErrorLabel()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(error)
            form.addRow(label, column)
            self.inputs[key], self.errors[key] = edit, error
        self.create_button = BigButton(self.tr("Create station"), primary=True)
        self.create_button.setObjectName("create_station")
        form.addRow(self.create_button)

        demo_box = QGroupBox(self.tr("Just looking? Try it with demo data"))
        demo_layout = QVBoxLayout(demo_box)
        explain = QLabel(self.tr("Creates a demo station in 眉县, Shaanxi with villages and 2,000 made-up farmers (names, valid ID numbers and phones are generated). Log in afterwards as admin, tutor, specialist or branch with password demo1234."))  # noqa: E501
        explain.setWordWrap(True)
        self.demo_button = BigButton(self.tr("Load demo data"))
        self.demo_button.setObjectName("load_demo")
        self.progress = QProgressBar()
        self.progress.hide()
        demo_layout.addWidget(explain)
        demo_layout.addWidget(self.demo_button)
        demo_layout.addWidget(self.progress)
        demo_layout.addStretch(1)

        side = QVBoxLayout()
        side.addWidget(self._join_box())
        side.addWidget(demo_box)
        columns = QHBoxLayout()
        columns.addWidget(create_box, 3)
        columns.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns)

        self.create_button.clicked.connect(self.create_station)
        self.demo_button.clicked.connect(self.load_demo)
        self.demo_progress.connect(self._on_progress)

    def _join_box(self) -> QGroupBox:
        self.joining = False  # enrolling or downloading right now
        self.waiting = False  # joined, but no account of this computer has arrived yet
        box = QGroupBox(self.tr("The station already exists? Join it"))
        layout = QVBoxLayout(box)
        explain = QLabel(self.tr("For a second computer of a station, or a branch officer's computer: ask the central administrator for the server address and a one-time code. The station's farmers and staff accounts are then downloaded."))  # noqa: E501
        explain.setWordWrap(True)
        explain.setObjectName("hint")
        self.join_server = QLineEdit(objectName="join_server")
        self.join_server.setPlaceholderText("http://192.168.1.10:8765")
        self.join_code = QLineEdit(objectName="join_code")
        self.join_code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.join_code.setMaxLength(20)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.join_server)
        form.addRow(self.tr("Enrollment code"), self.join_code)
        self.join_error = ErrorLabel()
        self.join_error.setObjectName("join_error")
        self.join_button = BigButton(self.tr("Join and download"))
        self.join_button.setObjectName("join_station")
        self.join_progress = QProgressBar(objectName="join_progress")
        self.join_progress.hide()
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.join_error)
        layout.addWidget(self.join_button)
        layout.addWidget(self.join_progress)
        self.join_button.clicked.connect(self.join)
        if self.sync is None:
            box.hide()
        else:
            self.sync.progress.connect(self._join_progressed)
            self.sync.finished.connect(self._join_synced)
            self.sync.failed.connect(self._join_failed)
            if auth.is_joined(self.state.db):  # joined before, but the accounts never came
                self._joined_waiting()
        return box

    def join(self) -> None:
        if self.sync is None:
            return
        if auth.is_joined(self.state.db):
            self._sync_join()
            return
        if not self.join_server.text().strip():
            self.join_error.show_messages([self.tr("Please enter the server address.")])
            return
        if not self.join_code.text().strip():
            self.join_error.show_messages([self.tr("Please enter the enrollment code.")])
            return
        self.join_error.show_messages([])
        self._set_joining(True, self.tr("Connecting…"))
        self.sync.enroll(self.join_server.text(), self.join_code.text(),
                         lambda _creds: self._sync_join(), self._join_failed, owner=self)

    def _sync_join(self) -> None:
        assert self.sync is not None
        self._set_joining(True, self.tr("Downloading…"))
        self.join_progress.setRange(0, 0)
        self.join_progress.show()
        if not self.sync.running:
            self.sync.sync_now()

    def _set_joining(self, busy: bool, text: str) -> None:
        self.joining = busy
        for widget in (self.join_button, self.create_button, self.demo_button,
                       self.join_server, self.join_code):
            widget.setEnabled(not busy)
        self.join_button.setText(text)

    def _join_progressed(self, _stage: str, done: int, total: int) -> None:
        if self.joining and total:
            self.join_progress.setRange(0, total)
            self.join_progress.setValue(done)

    def _join_synced(self, _report: object) -> None:
        if not (self.joining or self.waiting):
            return
        self.join_progress.hide()
        if auth.is_initialized(self.state.db):
            self._set_joining(False, self.tr("Join and download"))
            self.waiting = False
            self.state.announce("station")
            self.finished.emit()
            return
        self._joined_waiting()
        self.join_error.show_messages([self.tr(
            "Connected, but the server has no account for this computer yet. Ask the central "
            "administrator to create one (station-central user create), then press "
            "\"Download again\".")])

    def _joined_waiting(self) -> None:
        self._set_joining(False, self.tr("Download again"))
        self.waiting = True
        for widget in (self.create_button, self.demo_button, self.join_server, self.join_code):
            widget.setEnabled(False)

    def _join_failed(self, exc: BaseException) -> None:
        if not self.joining:
            return
        self.join_progress.hide()
        if auth.is_joined(self.state.db):
            self._joined_waiting()
        else:
            self._set_joining(False, self.tr("Join and download"))
        if isinstance(exc, SyncError):
            self.join_error.show_messages([self.state.text(exc.message)])
        else:
            self.state.errors.report(exc, self)

    def _show_errors(self, fields: dict[str, list]) -> None:
        for key, label in self.errors.items():
            label.show_messages([m.text(self.state.language) if hasattr(m, "text") else str(m)
                                 for m in fields.get(key, [])])

    def create_station(self) -> None:
        values = {k: e.text() for k, e in self.inputs.items()}
        if values["password"] != values["password2"]:
            self._show_errors({"password2": [self.tr("The two passwords differ.")]})
            return
        self._show_errors({})
        self.create_button.setEnabled(False)

        def work():
            return auth.create_station(
                self.state.db, station_name=values["station_name"],
                station_code=values["station_code"], province=values["province"],
                county=values["county"], admin_username=values["username"],
                admin_display_name=values["display_name"], admin_password=values["password"],
            )

        self.state.runner.run(work, lambda _: self._finish(values["username"]), self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.demo_button.setEnabled(True)
        self.progress.hide()
        if isinstance(exc, ValidationFailed):
            mapped = dict(exc.fields)
            if "display_name" in mapped or "username" in mapped or "password" in mapped:
                pass
            self._show_errors(mapped)
        else:
            self.state.errors.report(exc, self)

    def _finish(self, username: str) -> None:
        self.state.announce("station")  # counts and village lists cached before are stale
        self.state.settings.last_username = username
        self.finished.emit()

    def load_demo(self) -> None:
        self.demo_button.setEnabled(False)
        self.create_button.setEnabled(False)
        self.progress.setRange(0, DEMO_FARMERS)
        self.progress.setValue(0)
        self.progress.show()
        emit = self.demo_progress.emit  # a signal: safe to call from the worker thread
        self.state.runner.run(
            lambda: demo.populate(self.state.db, DEMO_FARMERS, progress=emit, batch=250),
            lambda _: self._finish("tutor"), self._failed)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
