"""同步: the sync page — status, sync now with progress, quarantined changes, conflicts.

Everyone logged in sees it (SYNC.md invariant 10).  Connecting to a server is for the
administrator only.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from station_app.domain.roles import Permission
from station_app.store.models import SYNCABLE_TABLES, OutboxEntry, SyncConflict
from station_app.sync.engine import WHOLE_RECORD, SyncStatus, reason_message
from station_app.sync.errors import SyncError
from station_app.ui.state import AppState
from station_app.ui.sync.controller import SyncController
from station_app.ui.sync.enroll_dialog import EnrollDialog
from station_app.ui.widgets import BigButton, ErrorLabel, local_time

ROW_HEIGHT = 40
NAME_FIELDS = ("name", "display_name", "topic", "shop_name", "username", "file_name", "kind")
HIDDEN_VALUE_SUFFIXES = ("_cipher", "_hash")


class SyncScreen(QWidget):
    def __init__(self, state: AppState, controller: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.controller = controller
        self.entries: list[OutboxEntry] = []
        self.conflict_rows: list[SyncConflict] = []
        self._discard_box: QMessageBox | None = None
        self._pending_discard: OutboxEntry | None = None
        self._last_progress_stage = ""

        title = QLabel(self.tr("Sync with the central server"), objectName="title")
        self.state_label = QLabel(objectName="sync_state")
        self.server_label = QLabel(objectName="sync_server")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_label = QLabel(objectName="sync_last")
        self.pending_label = QLabel(objectName="sync_pending")
        self.quarantined_label = QLabel(objectName="sync_quarantined")
        self.conflicts_label = QLabel(objectName="sync_conflicts")
        facts = QFormLayout()
        facts.addRow(self.tr("Status"), self.state_label)
        facts.addRow(self.tr("Server"), self.server_label)
        facts.addRow(self.tr("Last successful sync"), self.last_label)
        facts.addRow(self.tr("Changes waiting to be sent"), self.pending_label)
        facts.addRow(self.tr("Changes the server refused"), self.quarantined_label)
        facts.addRow(self.tr("Conflicts to look at"), self.conflicts_label)

        self.sync_button = BigButton(self.tr("Sync now"), primary=True)
        self.sync_button.setObjectName("sync_now")
        self.enroll_button = BigButton(self.tr("Connect to server…"))
        self.enroll_button.setObjectName("sync_enroll")
        self.progress = QProgressBar(objectName="sync_progress")
        self.progress.setMinimumHeight(28)
        self.progress.hide()
        self.message = ErrorLabel()
        self.message.setObjectName("sync_message")
        top_buttons = QHBoxLayout()
        top_buttons.addWidget(self.sync_button)
        top_buttons.addWidget(self.enroll_button)
        top_buttons.addStretch(1)

        # Quarantined changes ---------------------------------------------------------
        self.quarantine_table = self._table("quarantine_table", [
            self.tr("Record"), self.tr("Change"), self.tr("Made"), self.tr("Server's reason"),
            self.tr("Tries")], stretch=3)
        self.retry_button = BigButton(self.tr("Retry"))
        self.retry_button.setObjectName("sync_retry")
        self.discard_button = BigButton(self.tr("Discard…"))
        self.discard_button.setObjectName("sync_discard")
        q_box = QGroupBox(self.tr("Changes the server refused"))
        q_layout = QVBoxLayout(q_box)
        q_hint = QLabel(self.tr(
            "Later changes of the same record wait until each of these is retried or "
            "discarded. Discarding keeps the record on this computer but never sends this "
            "change."), objectName="hint")
        q_hint.setWordWrap(True)
        q_layout.addWidget(q_hint)
        q_layout.addWidget(self.quarantine_table)
        q_buttons = QHBoxLayout()
        q_buttons.addWidget(self.retry_button)
        q_buttons.addWidget(self.discard_button)
        q_buttons.addStretch(1)
        q_layout.addLayout(q_buttons)

        # Conflicts -------------------------------------------------------------------
        self.conflict_table = self._table("conflict_table", [
            self.tr("Record"), self.tr("Field"), self.tr("Value kept"), self.tr("Value replaced"),
            self.tr("When"), self.tr("Whose value was replaced")], stretch=(2, 3))
        # Both values matter equally; the rest fit their text (long values show in full as
        # a tooltip).
        self.conflict_table.setColumnWidth(1, 110)
        self.conflict_table.setColumnWidth(4, 170)
        self.conflict_table.setColumnWidth(5, 150)
        self.keep_mine_button = BigButton(self.tr("Keep mine"))
        self.keep_mine_button.setObjectName("keep_mine")
        self.keep_theirs_button = BigButton(self.tr("Keep theirs"))
        self.keep_theirs_button.setObjectName("keep_theirs")
        c_box = QGroupBox(self.tr("Conflicts"))
        c_layout = QVBoxLayout(c_box)
        c_hint = QLabel(self.tr(
            "The same item was changed here and elsewhere; the later change was kept. "
            "“Keep mine” puts this computer's value back, “Keep theirs” accepts the other one."),
            objectName="hint")
        c_hint.setWordWrap(True)
        c_layout.addWidget(c_hint)
        c_layout.addWidget(self.conflict_table)
        c_buttons = QHBoxLayout()
        c_buttons.addWidget(self.keep_mine_button)
        c_buttons.addWidget(self.keep_theirs_button)
        c_buttons.addStretch(1)
        c_layout.addLayout(c_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(facts)
        layout.addLayout(top_buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(q_box, 1)
        layout.addWidget(c_box, 1)

        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self.sync_button.clicked.connect(self.sync_now)
        self.enroll_button.clicked.connect(self.open_enroll)
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button.clicked.connect(self.confirm_discard)
        self.keep_mine_button.clicked.connect(self.keep_mine)
        self.keep_theirs_button.clicked.connect(self.keep_theirs)
        self.quarantine_table.itemSelectionChanged.connect(self._update_buttons)
        self.conflict_table.itemSelectionChanged.connect(self._update_buttons)
        controller.status_changed.connect(self.show_status)
        controller.running_changed.connect(self._running_changed)
        controller.progress.connect(self._on_progress)
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        state.actor_changed.connect(self._actor_changed)
        self._actor_changed(state.actor)
        if controller.last_status is not None:
            self.show_status(controller.last_status)
        self._update_buttons()

    def _table(self, name: str, headers: list[str], *, stretch: int | tuple[int, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (stretch if isinstance(stretch, tuple) else (stretch,)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 200)
        return table

    # ------------------------------------------------------------------ status

    def _actor_changed(self, _actor: object) -> None:
        self.enroll_button.setVisible(self.state.can(Permission.STATION_ENROLL))
        if self.state.actor is not None:
            self.reload()

    def show_status(self, status: SyncStatus) -> None:
        self.state_label.setText(self._state_text(status))
        self.server_label.setText(status.server_url or self.tr("(not connected)"))
        self.last_label.setText(local_time(status.last_success) if status.last_success
                                else self.tr("never"))
        self.pending_label.setText(str(status.pending))
        self.quarantined_label.setText(str(status.quarantined))
        self.conflicts_label.setText(str(status.conflicts))
        self.sync_button.setEnabled(status.enrolled and not self.controller.running)
        self.enroll_button.setText(self.tr("Connect again…") if status.enrolled
                                   else self.tr("Connect to server…"))
        if status.error is not None and not self.controller.running:
            self.message.show_messages([self.state.text(status.error)], warning=True)
        elif not status.enrolled:
            self.message.show_messages([self.tr(
                "This computer is not connected to a central server yet. Everything works "
                "offline; an administrator can connect it with “Connect to server…”.")],
                warning=True)
        else:
            self.message.show_messages([])
        if self.state.actor is not None:
            self.reload()

    def _state_text(self, status: SyncStatus) -> str:
        if not status.enrolled:
            return self.tr("Not connected to a server")
        if self.controller.running:
            return self.tr("Syncing…")
        texts = {
            "offline": self.tr("Offline — the server cannot be reached"),
            "backoff": self.tr("Waiting to try again"),
            "pushing": self.tr("Sending changes…"),
            "pulling": self.tr("Receiving changes…"),
            "not_enrolled": self.tr("Not connected to a server"),
        }
        if status.state in texts:
            text = texts[status.state]
        elif status.online:
            text = self.tr("Online")
        else:
            text = self.tr("Not checked yet")
        delay = self.controller.next_delay_s
        if status.state in ("offline", "backoff") and delay:
            text += self.tr(" (next try in %1 s)").replace("%1", str(int(round(delay))))
        return text

    # ------------------------------------------------------------------ lists

    def reload(self) -> None:
        engine = self.controller.engine
        self.entries = engine.quarantined()
        self.conflict_rows = engine.conflicts()
        self.quarantine_table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            payload = _json(entry.payload)
            reason = reason_message(entry.last_error)
            values = (self._record_text(entry.entity, payload if isinstance(payload, dict) else {}),
                      self._op_text(entry.op), local_time(entry.created_at),
                      self.state.text(reason) if reason else "", str(entry.attempts))
            for column, text in enumerate(values):
                self.quarantine_table.setItem(row, column, QTableWidgetItem(text))
        self.conflict_table.setRowCount(len(self.conflict_rows))
        with Session(self.state.db.engine) as session:
            for row, conflict in enumerate(self.conflict_rows):
                record = self._current_row(session, conflict.entity, conflict.entity_id)
                lost = _json(conflict.lost_value)
                if conflict.field == WHOLE_RECORD:
                    lost = self._record_text(conflict.entity, lost if isinstance(lost, dict) else {})
                values = (self._record_text(conflict.entity, record),
                          self._field_text(conflict.field),
                          self._value_text(conflict.field, _json(conflict.kept_value)),
                          self._value_text(conflict.field, lost),
                          local_time(conflict.at), self._side_text(conflict.lost_side))
                for column, text in enumerate(values):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    self.conflict_table.setItem(row, column, item)
        self._update_buttons()

    @staticmethod
    def _current_row(session: Session, entity: str, entity_id: str) -> dict[str, Any]:
        model = SYNCABLE_TABLES.get(entity)
        obj = session.get(model, entity_id) if model is not None else None
        return obj.model_dump(mode="json") if obj is not None else {"id": entity_id}

    def _record_text(self, entity: str, row: dict[str, Any]) -> str:
        kind = self._entity_text(entity)
        for name in NAME_FIELDS:
            value = row.get(name)
            if isinstance(value, str) and value:
                return f"{kind}：{value}"
        if isinstance(row.get("batch"), dict):
            return f"{kind}：{row['batch'].get('file_name', '')}"
        short = str(row.get("id") or row.get("import_batch_id") or "")[:8]
        return f"{kind} {short}".strip()

    def _entity_text(self, entity: str) -> str:
        labels = {
            "farmer": self.tr("Farmer"), "consent": self.tr("Consent"),
            "village": self.tr("Village"), "user_account": self.tr("Staff account"),
            "station": self.tr("Station"), "shop": self.tr("Online shop"),
            "import_batch": self.tr("Order import"), "sales_order": self.tr("Orders"),
            "monthly_sales": self.tr("Monthly sales"), "reference_doc": self.tr("Reference data"),
            "plot": self.tr("Plot"), "planting_season": self.tr("Planting season"),
            "harvest": self.tr("Harvest"), "input_cost": self.tr("Input cost"),
            "training_session": self.tr("Training session"),
            "training_attendance": self.tr("Training attendance"),
        }
        return labels.get(entity, entity)

    def _op_text(self, op: str) -> str:
        return {"insert": self.tr("New"), "update": self.tr("Changed"),
                "delete": self.tr("Deleted"), "insert_batch": self.tr("Imported")}.get(op, op)

    def _field_text(self, name: str) -> str:
        labels = {
            "name": self.tr("Name"), "notes": self.tr("Notes"), "village": self.tr("Village"),
            "township": self.tr("Township"), "address_detail": self.tr("Address"),
            "household_size": self.tr("Household size"), "education": self.tr("Education"),
            "coop_name": self.tr("Cooperative"), "phone_masked": self.tr("Mobile phone"),
            "phone_cipher": self.tr("Mobile phone"), "bank_card_masked": self.tr("Bank card"),
            "bank_card_cipher": self.tr("Bank card"), "deleted": self.tr("Deleted"),
            "display_name": self.tr("Name"), "topic": self.tr("Topic"),
            "shop_name": self.tr("Shop name"), "gender": self.tr("Gender"),
            "birth_date": self.tr("Birth date"),
            WHOLE_RECORD: self.tr("The whole record (it clashes with one on this computer)"),
        }
        return labels.get(name, name)

    def _value_text(self, name: str, value: Any) -> str:
        if name.endswith(HIDDEN_VALUE_SUFFIXES) or name == "password_hash":
            return self.tr("(encrypted)") if value else self.tr("(empty)")
        if value is None or value == "":
            return self.tr("(empty)")
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        return str(value)

    def _side_text(self, side: str) -> str:
        return self.tr("This computer's") if side == "local" else self.tr("The server's")

    def _selected_entry(self) -> OutboxEntry | None:
        row = self.quarantine_table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _selected_conflict(self) -> SyncConflict | None:
        row = self.conflict_table.currentRow()
        return self.conflict_rows[row] if 0 <= row < len(self.conflict_rows) else None

    def _update_buttons(self) -> None:
        logged_in = self.state.actor is not None
        entry, conflict = self._selected_entry(), self._selected_conflict()
        self.retry_button.setEnabled(logged_in and entry is not None)
        self.discard_button.setEnabled(logged_in and entry is not None)
        self.keep_mine_button.setEnabled(logged_in and conflict is not None)
        # A whole pulled record that clashed here cannot be "taken": only dismissed.
        self.keep_theirs_button.setEnabled(logged_in and conflict is not None
                                           and conflict.field != WHOLE_RECORD)

    # ------------------------------------------------------------------ actions

    def sync_now(self) -> None:
        self.message.show_messages([])
        if not self.controller.sync_now():
            self.show_status(self.controller.refresh())

    def open_enroll(self) -> EnrollDialog | None:
        if not self.state.can(Permission.STATION_ENROLL):
            return None
        dialog = EnrollDialog(self.state, self.controller, self)
        dialog.open()
        return dialog

    def retry_selected(self) -> None:
        entry = self._selected_entry()
        if entry is not None and entry.seq is not None:
            self._act(self.controller.retry, entry.seq)

    def confirm_discard(self) -> QMessageBox | None:
        """Ask before discarding (the box is returned so tests can answer it)."""
        entry = self._selected_entry()
        if entry is None:
            return None
        payload = _json(entry.payload)
        record = self._record_text(entry.entity, payload if isinstance(payload, dict) else {})
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Discard this change?"),
                          self.tr("“%1” will stay on this computer as it is, but this change "
                                  "will never reach the server. This cannot be undone.")
                          .replace("%1", record), parent=self)
        box.setObjectName("confirm_discard")
        self._discard_yes = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.finished.connect(self._discard_answered)
        self._pending_discard, self._discard_box = entry, box
        box.open()
        return box

    def _discard_answered(self, _code: int) -> None:
        box, entry = self._discard_box, self._pending_discard
        self._discard_box = self._pending_discard = None
        if box is None or entry is None or box.clickedButton() is not self._discard_yes:
            return
        if entry.seq is not None:
            self._act(self.controller.discard, entry.seq)

    def keep_mine(self) -> None:
        conflict = self._selected_conflict()
        if conflict is not None:
            self._act(self.controller.resolve, conflict.id, "mine")

    def keep_theirs(self) -> None:
        conflict = self._selected_conflict()
        if conflict is not None:
            self._act(self.controller.resolve, conflict.id, "theirs")

    def _act(self, action: Any, *args: Any) -> None:
        try:
            action(*args)
        except Exception as exc:  # noqa: BLE001 - shown through the error channel
            self.state.errors.report(exc, self)
        self.reload()

    # ------------------------------------------------------------------ progress

    def _running_changed(self, running: bool) -> None:
        self.sync_button.setEnabled(not running and bool(
            self.controller.last_status and self.controller.last_status.enrolled))
        if running:
            self.progress.setRange(0, 0)  # busy until the first numbers arrive
            self.progress.setFormat("")
            self.progress.show()
            self.state_label.setText(self.tr("Syncing…"))
        else:
            self.progress.hide()

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        label = self.tr("Sending %v of %m") if stage == "push" else self.tr("Receiving %v")
        self.progress.setFormat(label)
        self.state_label.setText(self.tr("Sending changes…") if stage == "push"
                                 else self.tr("Receiving changes…"))

    def _finished(self, report: Any) -> None:
        self.message.show_messages([self.tr("Sync finished: %1 sent, %2 received.")
                                    .replace("%1", str(report.push.sent))
                                    .replace("%2", str(report.pull.received))])
        self.message.setStyleSheet("color: #2e7d32;")  # good news is not an error
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SyncError):
            self.message.show_messages([self.state.text(exc.message)], warning=True)
        else:
            self.message.show_messages([self.tr(
                "The sync stopped because of an unexpected problem; it will try again by "
                "itself. Details are in the log.")], warning=True)
        self.reload()


def _json(text: str | None) -> Any:
    try:
        return json.loads(text or "null")
    except ValueError:
        return text
