"""连接中心服务器: the administrator types the server address and the one-time code."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.sync.errors import SyncError
from station_app.ui.state import AppState
from station_app.ui.sync.controller import SyncController
from station_app.ui.widgets import BigButton, ErrorLabel


class EnrollDialog(QDialog):
    def __init__(self, state: AppState, controller: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.controller = controller
        self.setWindowTitle(self.tr("Connect to the central server"))
        self.setObjectName("enroll_dialog")
        self.setMinimumWidth(560)
        intro = QLabel(self.tr(
            "Ask the central administrator for the server address and a one-time "
            "enrollment code (valid for 72 hours). The code is used once; afterwards this "
            "computer syncs by itself whenever the network is available."))
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        self.server = QLineEdit()
        self.server.setObjectName("server_url")
        self.server.setPlaceholderText("http://192.168.1.10:8765")
        current = controller.last_status.server_url if controller.last_status else ""
        self.server.setText(current)
        self.code = QLineEdit()
        self.code.setObjectName("enroll_code")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.code.setMaxLength(20)
        self.error = ErrorLabel()
        self.error.setObjectName("enroll_error")
        self.connect_button = BigButton(self.tr("Connect"), primary=True)
        self.connect_button.setObjectName("enroll_connect")
        self.cancel_button = BigButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server)
        form.addRow(self.tr("Enrollment code"), self.code)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QVBoxLayout()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.connect_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.result_credentials = None

    def submit(self) -> None:
        if not self.server.text().strip():
            self.error.show_messages([self.tr("Please enter the server address.")])
            return
        if not self.code.text().strip():
            self.error.show_messages([self.tr("Please enter the enrollment code.")])
            return
        self.error.show_messages([])
        self.connect_button.setEnabled(False)
        self.connect_button.setText(self.tr("Connecting…"))
        self.controller.enroll(self.server.text(), self.code.text(), self._done, self._failed,
                               owner=self)

    def _done(self, credentials: object) -> None:
        self.result_credentials = credentials
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.connect_button.setEnabled(True)
        self.connect_button.setText(self.tr("Connect"))
        if isinstance(exc, SyncError):
            self.error.show_messages([self.state.text(exc.message)])
        else:
            self.state.errors.report(exc, self)
