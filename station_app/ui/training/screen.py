"""Training sessions (数字技能培训): the list, and beside it who attended the chosen one.

Tutors and specialists record sessions and attendance; read-only roles (branch officer,
administrator) see the same lists without the buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.services import training
from station_app.services.training import Attendee, SessionRow
from station_app.ui.state import AppState
from station_app.ui.training.attendance_dialog import AttendanceDialog, person_label
from station_app.ui.training.session_form import SessionForm
from station_app.ui.widgets import BigButton

ROW_HEIGHT = 40


def minutes_text(minutes: int) -> str:
    return str(minutes) if minutes else "—"


class TrainingScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.sessions: list[SessionRow] = []
        self._list_seq = 0
        self._detail_seq = 0
        self._pending_delete: SessionRow | None = None
        self._confirm_box: QMessageBox | None = None

        self.new_button = BigButton(self.tr("New session"), primary=True)
        self.new_button.setObjectName("new_session")
        self.new_button.setToolTip("Ctrl+N")
        self.edit_button = BigButton(self.tr("Edit"))
        self.edit_button.setObjectName("edit_session")
        self.attendance_button = BigButton(self.tr("Attendance…"))
        self.attendance_button.setObjectName("attendance")
        self.delete_button = BigButton(self.tr("Delete"))
        self.delete_button.setObjectName("delete_session")
        self.hint = QLabel(objectName="hint")
        self.hint.setWordWrap(True)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("training_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Topic"), self.tr("Taught by"), self.tr("Place"),
            self.tr("Minutes"), self.tr("Attendees")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 120), (3, 150), (4, 80), (5, 90)):
            self.table.setColumnWidth(column, width)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("session_title")
        self.detail_title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.detail_title.setWordWrap(True)
        self.detail_info = QLabel()
        self.detail_info.setObjectName("session_info")
        self.detail_info.setWordWrap(True)
        self.detail_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attendee_label = QLabel()
        self.attendee_label.setObjectName("attendee_count")
        self.attendee_list = QListWidget()
        self.attendee_list.setObjectName("attendee_list")
        self.attendee_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.attendee_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.attendee_list.setStyleSheet("QListWidget::item { padding: 4px 2px; }")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.attendance_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.hint)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.detail_info)
        right_layout.addWidget(self.attendee_label)
        right_layout.addWidget(self.attendee_list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self.new_button.clicked.connect(self.open_new_form)
        self.edit_button.clicked.connect(self.open_edit_form)
        self.attendance_button.clicked.connect(self.open_attendance)
        self.delete_button.clicked.connect(self.confirm_delete)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.state.changed.connect(self._on_changed)
        self.state.actor_changed.connect(self._actor_changed)
        # Keyboard: Ctrl+N records a new session, Enter on a row opens its attendance,
        # Delete asks to delete it.
        QShortcut(QKeySequence("Ctrl+N"), self, self._shortcut_new)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table,
                  self._shortcut_delete)
        self._show_detail(None)
        self._update_buttons()
        if self.state.actor is not None:
            self.refresh()

    # -- state -----------------------------------------------------------------------------
    def may_write(self) -> bool:
        return self.state.can(Permission.SALES_WRITE)

    def selected(self) -> SessionRow | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def _update_buttons(self) -> None:
        may_write = self.may_write()
        chosen = self.selected() is not None
        for button in (self.new_button, self.edit_button, self.attendance_button,
                       self.delete_button):
            button.setVisible(may_write)
        for button in (self.edit_button, self.attendance_button, self.delete_button):
            button.setEnabled(chosen)

    def _actor_changed(self, actor: object) -> None:
        self._list_seq += 1
        self._detail_seq += 1
        self.sessions = []
        self.table.setRowCount(0)
        self._show_detail(None)
        self.hint.clear()
        self._update_buttons()
        if actor is not None:
            self.refresh()

    def _on_changed(self, _changes: object) -> None:
        if self.state.actor is not None:
            self.refresh()

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list in the background, keeping the chosen session chosen."""
        if self.state.actor is None or not self.state.can(Permission.FARMER_READ):
            return
        self._list_seq += 1
        seq, ctx = self._list_seq, self.state.ctx
        self.state.runner.run(lambda: (seq, training.list_sessions(ctx)), self._loaded,
                              self._failed, owner=self)

    def _loaded(self, result: tuple[int, list[SessionRow]]) -> None:
        seq, rows = result
        if seq != self._list_seq:
            return
        chosen = self.selected()
        keep = chosen.id if chosen else None
        self.table.blockSignals(True)
        self.sessions = rows
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.held_on.isoformat(), row.topic, row.tutor_name, row.location,
                     minutes_text(row.duration_minutes), str(row.attendees))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column in (4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.blockSignals(False)
        for column in (0, 2, 3, 4, 5):  # fit the headers and values; the topic takes the rest
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 16, 220))
        self.hint.setText(self.tr("Training sessions: %1 (newest first)").replace("%1", str(len(rows)))
                          if rows else self._empty_hint())
        row = next((i for i, r in enumerate(rows) if r.id == keep), -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selection_changed()

    def _empty_hint(self) -> str:
        if self.may_write():
            return self.tr("No training recorded yet. Press “New session” after each class.")
        return self.tr("No training recorded yet.")

    def _failed(self, exc: BaseException) -> None:
        self.state.errors.report(exc, self)

    def _selection_changed(self) -> None:
        self._update_buttons()
        chosen = self.selected()
        self._show_detail(chosen)
        self._detail_seq += 1
        if chosen is None:
            return
        seq, ctx, session_id = self._detail_seq, self.state.ctx, chosen.id
        self.state.runner.run(lambda: (seq, training.attendees(ctx, session_id)),
                              self._attendees_loaded, self._failed, owner=self)

    def _show_detail(self, row: SessionRow | None) -> None:
        self.attendee_list.clear()
        if row is None:
            self.detail_title.setText("")
            self.detail_info.setText(self.tr("Choose a session in the list to see who attended."))
            self.attendee_label.setText("")
            return
        self.detail_title.setText(row.topic)
        parts = [row.held_on.isoformat(), row.tutor_name]
        if row.location:
            parts.append(row.location)
        if row.duration_minutes:
            parts.append(self.tr("%1 minutes").replace("%1", str(row.duration_minutes)))
        info = " · ".join(parts)
        self.detail_info.setText(f"{info}\n{row.notes}" if row.notes else info)
        self.attendee_label.setText(self.tr("Attendees: %1").replace("%1", str(row.attendees)))

    def _attendees_loaded(self, result: tuple[int, list[Attendee]]) -> None:
        seq, people = result
        if seq != self._detail_seq:
            return
        self.attendee_list.clear()
        for person in people:
            self.attendee_list.addItem(person_label(person.name, person.village, ""))
        self.attendee_label.setText(self.tr("Attendees: %1").replace("%1", str(len(people))))

    # -- actions ---------------------------------------------------------------------------
    def _shortcut_new(self) -> None:
        if self.may_write():
            self.open_new_form()

    def _shortcut_delete(self) -> None:
        if self.may_write():
            self.confirm_delete()

    def _activated(self, _index: object) -> None:
        if self.may_write():
            self.open_attendance()

    def open_new_form(self) -> SessionForm | None:
        if not self.may_write():
            return None
        return self._open(SessionForm(self.state, None, self))

    def open_edit_form(self) -> SessionForm | None:
        chosen = self.selected()
        if chosen is None or not self.may_write():
            return None
        return self._open(SessionForm(self.state, chosen, self))

    def _open(self, form: SessionForm) -> SessionForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self.select_session)
        form.open()
        return form

    def open_attendance(self) -> AttendanceDialog | None:
        chosen = self.selected()
        if chosen is None or not self.may_write():
            return None
        dialog = AttendanceDialog(self.state, chosen, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.select_session)
        dialog.open()
        return dialog

    def select_session(self, session_id: str) -> None:
        """Choose the session in the list (after it was saved and the list reloaded)."""
        row = next((i for i, r in enumerate(self.sessions) if r.id == session_id), -1)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0))

    def confirm_delete(self) -> QMessageBox | None:
        """Ask before deleting (the box is returned so tests can answer it)."""
        chosen = self.selected()
        if chosen is None or not self.may_write():
            return None
        text = (self.tr("Delete the training “%1” of %2?").replace("%1", chosen.topic)
                .replace("%2", chosen.held_on.isoformat())
                + "\n" + self.tr("Its attendance list is deleted with it."))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete training session"), text,
                          parent=self)
        box.setObjectName("confirm_delete_session")
        self._delete_yes = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._delete_answered)
        self._pending_delete, self._confirm_box = chosen, box
        box.open()
        return box

    def _delete_answered(self, _code: int) -> None:
        box, chosen = self._confirm_box, self._pending_delete
        self._confirm_box = self._pending_delete = None
        if box is None or chosen is None or box.clickedButton() is not self._delete_yes:
            return
        ctx = self.state.ctx
        self.state.runner.run(lambda: training.delete_session(ctx, chosen.id, chosen.version),
                              self._deleted, self._delete_failed, owner=self)

    def _deleted(self, _result: object) -> None:
        self.state.announce("training")

    def _delete_failed(self, exc: BaseException) -> None:
        self.state.errors.report(exc, self)
        self.refresh()  # e.g. changed elsewhere: show the current state
