"""Staff accounts (admin only): create, unlock, reset password, deactivate."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import ROLE_LABELS, Role
from station_app.services import auth
from station_app.services.errors import ValidationFailed
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel, local_time


class NewUserDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("New staff account"))
        self.edits = {k: QLineEdit() for k in ("display_name", "username", "password")}
        self.edits["password"].setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for role in (Role.TUTOR, Role.SPECIALIST, Role.BRANCH_OFFICER, Role.ADMIN):
            if role is Role.BRANCH_OFFICER and not auth.offers_branch_officer(state.db):
                continue  # made under the branch by the central administrator
            self.role.addItem(state.text(ROLE_LABELS[role]), role.value)
        self.errors = {k: ErrorLabel() for k in ("display_name", "username", "password", "role")}
        form = QFormLayout(self)
        for key, label, widget in (("display_name", self.tr("Name"), self.edits["display_name"]),
                                   ("username", self.tr("User name"), self.edits["username"]),
                                   ("password", self.tr("Password"), self.edits["password"]),
                                   ("role", self.tr("Role"), self.role)):
            widget.setObjectName(key)
            column = QVBoxLayout()
            column.addWidget(widget)
            column.addWidget(self.errors[key])
            form.addRow(label, column)
        save = BigButton(self.tr("Create"), primary=True)
        save.clicked.connect(self.save)
        form.addRow(save)

    def save(self) -> None:
        try:
            auth.create_user(self.state.ctx, username=self.edits["username"].text(),
                             display_name=self.edits["display_name"].text(),
                             role=self.role.currentData(), password=self.edits["password"].text())
        except ValidationFailed as exc:
            for key, label in self.errors.items():
                label.show_messages([self.state.text(m) for m in exc.fields.get(key, [])])
            return
        except Exception as exc:  # noqa: BLE001 - shown through the error channel
            self.state.errors.report(exc, self)
            return
        self.state.announce("user_account")
        self.accept()


class UsersScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Name"), self.tr("Role"),
                                              self.tr("Status"), self.tr("Last log-in")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        new = BigButton(self.tr("New account"), primary=True)
        unlock = BigButton(self.tr("Unlock"))
        reset = BigButton(self.tr("Reset password"))
        toggle = BigButton(self.tr("Deactivate / activate"))
        buttons = QHBoxLayout()
        for button in (new, unlock, reset, toggle):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        new.clicked.connect(self._new_user)
        unlock.clicked.connect(self._unlock)
        reset.clicked.connect(self._reset)
        toggle.clicked.connect(self._toggle)
        self.state.changed.connect(self._on_changed)
        self.users = []

    def _new_user(self) -> None:
        NewUserDialog(self.state, self).exec()

    def _unlock(self) -> None:
        self._act(lambda uid: auth.unlock_user(self.state.ctx, uid))

    def _on_changed(self, _changes: object) -> None:
        self.reload()

    def reload(self) -> None:
        if self.state.actor is None or self.state.actor.role is not Role.ADMIN:
            return
        self.users = auth.list_users(self.state.ctx)
        states = auth.login_states(self.state.ctx)
        self.table.setRowCount(len(self.users))
        now = datetime.now(timezone.utc)
        for row, user in enumerate(self.users):
            state = states.get(user.id)
            until = state.locked_until if state else None
            locked = until is not None and until.replace(tzinfo=timezone.utc) > now
            status = (self.tr("Locked") if locked else
                      self.tr("Active") if user.active else self.tr("Deactivated"))
            seen = state.last_login_at if state else None
            last = local_time(seen)
            for column, text in enumerate((user.username, user.display_name,
                                           self.state.text(ROLE_LABELS[Role(user.role)]), status, last)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _selected(self):
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _act(self, action) -> None:
        user = self._selected()
        if user is None:
            return
        try:
            action(user.id)
        except Exception as exc:  # noqa: BLE001
            self.state.errors.report(exc, self)
        self.state.announce("user_account")

    def _reset(self) -> None:
        user = self._selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                            self.tr("New password for %1:").replace("%1", user.display_name),
                                            QLineEdit.EchoMode.Password)
        if ok:
            self._act(lambda uid: auth.reset_password(self.state.ctx, uid, password))

    def _toggle(self) -> None:
        user = self._selected()
        if user is not None:
            self._act(lambda uid: auth.set_active(self.state.ctx, uid, not user.active))
