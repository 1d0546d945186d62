"""Who came to a training session (签到): search farmers as in the farmer list, tick who
attended, check the ticked list, save.

Tapping a row anywhere ticks or unticks it (large targets for touch); with the keyboard,
Down moves from the search box into the results and Space or Enter ticks the current row."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from station_app.services import training
from station_app.services.errors import ValidationFailed
from station_app.services.farmer_search import FarmerRow
from station_app.services.training import Attendee, SessionRow
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

SEARCH_DELAY_MS = 120
RESULT_LIMIT = 50
ID_ROLE = Qt.ItemDataRole.UserRole
_TOGGLE_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select}


def person_label(name: str, village: str, masked_id: str) -> str:
    """One line per farmer: name, village and the masked ID (tells namesakes apart)."""
    return " · ".join(x for x in (name, village, masked_id) if x)


class AttendanceDialog(QDialog):
    saved = Signal(str)  # session id

    def __init__(self, state: AppState, session: SessionRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.session = session
        self.ticked: dict[str, str] = {}  # farmer id → label, in ticking order
        self._loaded: set[str] = set()
        self._loading = True
        self._saving = False
        self._search_seq = 0
        self._discard_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Attendance"))
        self.setProperty("keepOnLock", True)
        self.resize(1000, 680)

        heading = QLabel(f"{session.held_on.isoformat()}  {session.topic}")
        heading.setObjectName("title")
        heading.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("attendance_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials (zs), village, last 4 digits"))
        self.results_hint = QLabel(objectName="hint")
        self.results_hint.setWordWrap(True)
        self.results = QListWidget()
        self.results.setObjectName("attendance_results")
        self.ticked_label = QLabel()
        self.ticked_label.setObjectName("ticked_count")
        self.ticked_list = QListWidget()
        self.ticked_list.setObjectName("attendance_ticked")
        for view in (self.results, self.ticked_list):
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setStyleSheet("QListWidget::item { min-height: 40px; }"
                               "QListWidget::indicator { width: 24px; height: 24px; }")
            view.installEventFilter(self)
        self.search.installEventFilter(self)
        untick_hint = QLabel(self.tr("Tap a name to untick it."), objectName="hint")
        untick_hint.setWordWrap(True)
        self.banner = ErrorLabel()
        self.banner.setObjectName("attendance_error")
        self.save_button = BigButton(self.tr("Save attendance"), primary=True)
        self.save_button.setObjectName("save_attendance")
        self.save_button.setEnabled(False)  # until the current list has been loaded
        self.cancel_button = BigButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_attendance")

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("1. Find the farmer and tap to tick:")))
        left.addWidget(self.search)
        left.addWidget(self.results_hint)
        left.addWidget(self.results, 1)
        right = QVBoxLayout()
        right.addWidget(self.ticked_label)
        right.addWidget(untick_hint)
        right.addWidget(self.ticked_list, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.run_search)
        self.results.itemClicked.connect(self._result_clicked)
        self.ticked_list.itemClicked.connect(self._ticked_clicked)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._show_ticked()
        self.search.setFocus()
        self._load_attendees()
        self.run_search()

    # -- loading ---------------------------------------------------------------------------
    def _load_attendees(self) -> None:
        ctx, session_id = self.state.ctx, self.session.id
        self.state.runner.run(lambda: training.attendees(ctx, session_id),
                              self._attendees_loaded, self._load_failed, owner=self)

    def _attendees_loaded(self, people: list[Attendee]) -> None:
        self._loading = False
        # Ticks made while loading stay; the saved ones come first.
        earlier = self.ticked
        self.ticked = {p.farmer_id: person_label(p.name, p.village, p.resident_id_masked)
                       for p in people}
        self.ticked.update(earlier)
        self._loaded = {p.farmer_id for p in people}
        self.save_button.setEnabled(True)
        self._show_ticked()
        self._sync_result_checks()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.state.errors.report(exc, self)

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def run_search(self) -> None:
        self._timer.stop()
        self._search_seq += 1
        seq, query, search = self._search_seq, self.search.text(), self.state.search
        self.state.runner.run(lambda: (seq, search.search(query, limit=RESULT_LIMIT)),
                              self._searched, self._search_failed, owner=self)

    def _searched(self, result: tuple[int, list[FarmerRow]]) -> None:
        seq, rows = result
        if seq != self._search_seq:
            return  # an older search finishing after a newer one
        self.results.clear()
        for row in rows:
            item = QListWidgetItem(person_label(row.name, row.village, row.resident_id_masked))
            item.setData(ID_ROLE, row.id)
            # The check box is drawn but ticked by our own handlers, so that tapping the
            # whole row works, not only the small box.
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.results.addItem(item)
        self._sync_result_checks()
        if not rows:
            text = self.tr("Nobody found. Try the pinyin initials (zs) or the village name.")
        elif len(rows) >= RESULT_LIMIT:
            text = self.tr("Showing the first %1; type more to narrow the list.").replace(
                "%1", str(len(rows)))
        else:
            text = self.tr("%1 found").replace("%1", str(len(rows)))
        self.results_hint.setText(text)

    def _search_failed(self, exc: BaseException) -> None:
        self.state.errors.report(exc, self)

    # -- ticking ---------------------------------------------------------------------------
    def _sync_result_checks(self) -> None:
        for row in range(self.results.count()):
            item = self.results.item(row)
            checked = item.data(ID_ROLE) in self.ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _show_ticked(self, newly_ticked: str | None = None) -> None:
        current = self.ticked_list.currentRow()
        self.ticked_list.clear()
        for farmer_id, label in self.ticked.items():
            item = QListWidgetItem(label)
            item.setData(ID_ROLE, farmer_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked)
            self.ticked_list.addItem(item)
            if farmer_id == newly_ticked:
                self.ticked_list.scrollToItem(item)  # show the tutor where the name went
        count = self.ticked_list.count()
        if count and self.ticked_list.hasFocus():  # keyboard: stay on the same line
            self.ticked_list.setCurrentRow(min(max(current, 0), count - 1))
        self.ticked_label.setText(self.tr("2. Ticked: %1").replace("%1", str(len(self.ticked))))

    def toggle(self, farmer_id: str, label: str = "") -> None:
        """Tick the farmer if not ticked, untick otherwise."""
        added = farmer_id not in self.ticked
        if added:
            self.ticked[farmer_id] = label or farmer_id
        else:
            del self.ticked[farmer_id]
        self.banner.show_messages([])
        self._show_ticked(farmer_id if added else None)
        self._sync_result_checks()

    def _result_clicked(self, item: QListWidgetItem) -> None:
        self.toggle(item.data(ID_ROLE), item.text())

    def _ticked_clicked(self, item: QListWidgetItem) -> None:
        self.toggle(item.data(ID_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if watched is self.search and key == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(0)
                return True
            if watched in (self.results, self.ticked_list) and key in _TOGGLE_KEYS:
                item = watched.currentItem()  # type: ignore[attr-defined]
                if item is not None:
                    if watched is self.results:
                        self._result_clicked(item)
                    else:
                        self._ticked_clicked(item)
                return True
        return super().eventFilter(watched, event)

    # -- saving ----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return not self._loading and set(self.ticked) != self._loaded

    def save(self) -> None:
        if self._saving or self._loading:
            return
        ctx, session_id, ids = self.state.ctx, self.session.id, list(self.ticked)
        self._saving = True
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.banner.show_messages([])
        self.state.runner.run(lambda: training.set_attendance(ctx, session_id, ids),
                              self._saved, self._failed, owner=self)

    def _saved(self, _result: object) -> None:
        self._saving = False
        self._loaded = set(self.ticked)
        self.state.announce("training")
        self.saved.emit(self.session.id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            texts = [self.state.text(m) for messages in exc.fields.values() for m in messages]
            self.banner.show_messages(texts or [self.state.text(exc.message)])
        else:
            self.state.errors.report(exc, self)

    def reject(self) -> None:
        if self._saving:
            return  # finish saving first
        if not self.is_dirty() or not self.isVisible():
            super().reject()
            return
        # Ticks of a whole class must not vanish on a stray Esc: ask first.
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Attendance"),
                          self.tr("Close without saving the ticks?"), parent=self)
        box.setObjectName("discard_attendance")
        self._discard_button = box.addButton(self.tr("Close without saving"),
                                             QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep ticking"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._discard_answered)
        self._discard_box = box
        box.open()

    def _discard_answered(self, _code: int) -> None:
        box, self._discard_box = self._discard_box, None
        if box is not None and box.clickedButton() is self._discard_button:
            super().reject()
