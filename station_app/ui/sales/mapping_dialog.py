"""Map the columns of an order export whose layout is not recognised (对应列).

For every field of an order the clerk picks the column of the file that holds it (each list
shows a value from the file, and a first guess is already chosen), says what each
order-status wording seen in the file means, names the layout and saves.  The mapping is
checked by the domain (``load_mapping``), saved to the user data dir (``save_mapping``) and
handed back through ``saved``; the next file of the same layout is recognised by itself.

The file's first rows are read in the background, so a large file never freezes the window.
"""

from __future__ import annotations

import functools
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.order_import import (
    FIELDS,
    REQUIRED_FIELDS,
    Mapping,
    MappingError,
    distinct_states,
    guess_columns,
    guess_states,
    load_mapping,
    normalize_header,
)
from station_app.domain.sales import AfterSale, OrderStatus
from station_app.services import sales_import, shops
from station_app.services.sales_import import ImportCancelled, ImportRefused, TableSample
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

MAX_STATES = 40  # more distinct wordings than this: not a status column
SAMPLE_SHOWN = 5  # rows of the file shown at the top
SAMPLE_CHARS = 24


def _read(path: Path, should_cancel: Callable[[], bool]) -> tuple[TableSample, list[Mapping]]:
    """Worker: the file's first rows and the known mappings (for the guesses)."""
    return sales_import.read_headers(path, should_cancel=should_cancel), sales_import.load_mappings()


def _shown(value: Any) -> str:
    """A cell as the clerk would recognise it, shortened."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = f"{value:%Y-%m-%d %H:%M}"
    elif isinstance(value, date):
        text = f"{value:%Y-%m-%d}"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"


class MappingDialog(QDialog):
    saved = Signal(object)  # the saved Mapping

    def __init__(self, state: AppState, path: Path | str, *, platform: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.path = Path(path)
        self.headers: list[str] = []
        self.rows: list[list[Any]] = []
        self.offered: list[int] = []  # column indexes in the lists (first of each header text)
        self.known: list[Mapping] = []
        self.mapping: Mapping | None = None  # set once saved
        self.mapping_id = sales_import.new_mapping_id()
        self.too_many_states = False
        self._memory: dict[tuple[str, str], str | None] = {}  # (kind, wording) -> chosen state
        self._cancel = threading.Event()
        self._loading = False
        self.setWindowTitle(self.tr("Map the columns: %1").replace("%1", self.path.name))
        self.resize(1000, 700)  # fits a 1366×768 kiosk screen
        self.setProperty("keepOnLock", True)

        self.intro = QLabel(self.tr(
            "This table's layout is not known yet. For each item below, choose the column of "
            "the file that holds it. Items marked * must be chosen. The choice is saved, so "
            "the next file like this one is recognised by itself."))
        self.intro.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Reading the first rows of the file…"))
        self.progress.hide()
        self.sample_title = QLabel(self.tr("The first rows of the file:"))
        self.sample = QTableWidget(0, 0)
        self.sample.setObjectName("sample_rows")
        self.sample.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sample.verticalHeader().hide()

        self.labels = {
            "order_id": self.tr("Order number"),
            "product": self.tr("Product"),
            "quantity": self.tr("Quantity"),
            "amount": self.tr("Amount paid (yuan)"),
            "status": self.tr("Order status"),
            "ordered_at": self.tr("Order time"),
            "shipped_at": self.tr("Shipping time"),
            "signed_at": self.tr("Receipt time"),
            "after_sale": self.tr("After-sales status"),
            "refund_amount": self.tr("Refund amount (yuan)"),
            "buyer": self.tr("Buyer"),
        }
        hints = {
            "order_id": self.tr("Each order's own number"),
            "amount": self.tr("What the buyer paid for the order"),
            "status": self.tr("For example paid, shipped, completed"),
            "ordered_at": self.tr("When the order was placed"),
            "buyer": self.tr("Only a code is kept, never the name"),
        }
        self.columns: dict[str, QComboBox] = {}
        columns_box = QGroupBox(self.tr("Which column holds what"))
        grid = QGridLayout(columns_box)
        grid.setColumnStretch(1, 1)
        for row, name in enumerate(FIELDS):
            text = self.labels[name] + (" *" if name in REQUIRED_FIELDS else "")
            label = QLabel(text)
            combo = QComboBox()
            combo.setObjectName(f"column_{name}")
            combo.setMinimumWidth(380)
            combo.setAccessibleName(self.labels[name])
            label.setBuddy(combo)
            hint = QLabel(hints.get(name, ""))
            hint.setObjectName("hint")
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(hint, row, 2)
            self.columns[name] = combo
            combo.currentIndexChanged.connect(self._columns_changed)

        self.status_combos: dict[str, QComboBox] = {}
        self.status_box, self.status_note, self.status_grid = self._state_box(
            self.tr("What the order statuses of this file mean"))
        self.after_combos: dict[str, QComboBox] = {}
        self.after_box, self.after_note, self.after_grid = self._state_box(
            self.tr("What the after-sales statuses of this file mean"))
        self.after_box.hide()

        self.name = QLineEdit()
        self.name.setObjectName("layout_name")
        self.name.setPlaceholderText(self.tr("For example: community group-buying orders"))
        self.platform = QComboBox()
        self.platform.setObjectName("layout_platform")
        for key, message in shops.PLATFORMS.items():
            self.platform.addItem(self.state.text(message), key)
        found = self.platform.findData(platform or "other")
        self.platform.setCurrentIndex(found if found >= 0 else self.platform.findData("other"))
        name_box = QGroupBox(self.tr("Name of this layout"))
        form = QFormLayout(name_box)
        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("Platform"), self.platform)

        self.form = QWidget()
        inner = QVBoxLayout(self.form)
        inner.addWidget(self.sample_title)
        inner.addWidget(self.sample)
        inner.addWidget(columns_box)
        inner.addWidget(self.status_box)
        inner.addWidget(self.after_box)
        inner.addWidget(name_box)
        inner.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)

        self.problem = ErrorLabel()
        self.problem.setObjectName("mapping_problems")
        self.cancel_button = BigButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_mapping")
        self.save_button = BigButton(self.tr("Save and use"), primary=True)
        self.save_button.setObjectName("save_mapping")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self._start_reading()

    # -- reading the file ----------------------------------------------------------------
    def _state_box(self, title: str) -> tuple[QGroupBox, QLabel, QGridLayout]:
        box = QGroupBox(title)
        note = QLabel()
        note.setWordWrap(True)
        note.setObjectName("hint")
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(2, 1)
        column = QVBoxLayout(box)
        column.addWidget(note)
        column.addWidget(holder)
        return box, note, grid

    def _start_reading(self) -> None:
        self._loading = True
        self.progress.show()
        self.form.setEnabled(False)
        self.save_button.setEnabled(False)
        self.state.runner.run(functools.partial(_read, self.path, self._cancel.is_set),
                              self._loaded, self._load_failed, owner=self)

    def _loaded(self, result: tuple[TableSample, list[Mapping]]) -> None:
        (headers, rows), known = result
        self._loading = False
        self.progress.hide()
        self.headers, self.rows, self.known = headers, rows, known
        seen: set[str] = set()
        self.offered = []
        for index, header in enumerate(headers):
            key = normalize_header(header)
            if key and key not in seen:  # a mapping names columns by their header text
                seen.add(key)
                self.offered.append(index)
        self._fill_sample()
        guess = guess_columns(known, headers)
        for name, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("— choose a column —") if name in REQUIRED_FIELDS
                          else self.tr("— not in this file —"), None)
            for index in self.offered:
                example = self._example(index)
                text = (self.tr("%1   (e.g. %2)").replace("%1", headers[index]).replace("%2", example)
                        if example else
                        self.tr("%1   (empty in the first rows)").replace("%1", headers[index]))
                combo.addItem(text, index)
            if name in guess:
                combo.setCurrentIndex(max(combo.findData(guess[name]), 0))
            combo.blockSignals(False)
        self.form.setEnabled(True)
        self.save_button.setEnabled(True)
        self._columns_changed()
        self.columns["order_id"].setFocus()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.progress.hide()
        if isinstance(exc, ImportCancelled):
            return
        text = getattr(exc, "message", None)
        if text is not None:
            self.problem.show_messages([self.state.text(text)])
        else:
            self.state.errors.report(exc, self)

    def _example(self, index: int) -> str:
        for values in self.rows:
            if index < len(values):
                text = _shown(values[index])
                if text:
                    return text
        return ""

    def _fill_sample(self) -> None:
        rows = self.rows[:SAMPLE_SHOWN]
        self.sample.setColumnCount(len(self.headers))
        self.sample.setHorizontalHeaderLabels(self.headers)
        self.sample.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column in range(len(self.headers)):
                value = values[column] if column < len(values) else None
                self.sample.setItem(row, column, QTableWidgetItem(_shown(value)))
        self.sample.resizeColumnsToContents()
        height = self.sample.horizontalHeader().height() + 2 * self.sample.frameWidth()
        height += sum(self.sample.rowHeight(row) for row in range(len(rows)))
        scrollbar = self.sample.horizontalScrollBar().sizeHint().height()
        self.sample.setFixedHeight(min(height + scrollbar, 220))

    # -- the order-status wordings -------------------------------------------------------
    def _status_labels(self) -> dict[str, str]:
        return {
            OrderStatus.PENDING_PAYMENT.value: self.tr("Not paid yet"),
            OrderStatus.PAID.value: self.tr("Paid, not shipped yet"),
            OrderStatus.SHIPPED.value: self.tr("Shipped, on the way"),
            OrderStatus.SIGNED.value: self.tr("Received by the buyer"),
            OrderStatus.COMPLETED.value: self.tr("Completed"),
            OrderStatus.CANCELLED.value: self.tr("Cancelled before payment"),
            OrderStatus.CLOSED.value: self.tr("Closed after payment (money returned)"),
        }

    def _after_sale_labels(self) -> dict[str, str]:
        return {
            AfterSale.NONE.value: self.tr("No after-sales"),
            AfterSale.REQUESTED.value: self.tr("After-sales asked for"),
            AfterSale.REFUNDING.value: self.tr("Refund in progress"),
            AfterSale.REFUNDED.value: self.tr("Refunded"),
            AfterSale.REJECTED.value: self.tr("Refused or withdrawn"),
        }

    def _columns_changed(self, *_args: object) -> None:
        self.too_many_states = False
        self._rebuild_states("status", self.status_combos, self.status_grid, self.status_note,
                             self._status_labels(), [m.status_map for m in self.known])
        after = self.columns["after_sale"].currentData()
        self.after_box.setVisible(after is not None)
        self._rebuild_states("after_sale", self.after_combos, self.after_grid, self.after_note,
                             self._after_sale_labels(), [m.after_sale_map for m in self.known])
        self._fix_tab_order()

    def _rebuild_states(self, kind: str, combos: dict[str, QComboBox], grid: QGridLayout,
                        note: QLabel, labels: dict[str, str], known: list[dict]) -> None:
        for value, combo in combos.items():
            self._memory[(kind, value)] = combo.currentData()
        combos.clear()
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        index = self.columns[kind].currentData()
        if index is None:
            note.setText(self.tr("Choose the column of the order status first.") if kind == "status"
                         else "")
            return
        seen = distinct_states(self.rows, index)
        column = self.headers[index]
        if len(seen) > MAX_STATES:
            if kind == "status":
                self.too_many_states = True
            note.setText(self.tr("The column “%1” has more than %2 different values; it is "
                                 "probably not a status column. Choose another column.")
                         .replace("%1", column).replace("%2", str(MAX_STATES)))
            return
        if not seen:
            note.setText(self.tr("The column “%1” is empty in the first rows.").replace("%1", column))
            return
        note.setText(self.tr("These values appear in the column “%1”. Choose what each one means.")
                     .replace("%1", column))
        guessed = {k: v.value for k, v in guess_states(known, [value for value, _n in seen]).items()}
        for row, (value, count) in enumerate(seen):
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            times = QLabel(self.tr("%1 rows").replace("%1", str(count)))
            times.setObjectName("hint")
            combo = QComboBox()
            combo.setObjectName(f"{kind}_value")
            combo.setAccessibleName(value)
            combo.setMinimumWidth(320)
            combo.addItem(self.tr("— choose what it means —"), None)
            for state, label in labels.items():
                combo.addItem(label, state)
            chosen = self._memory.get((kind, value), guessed.get(value))
            if chosen is not None:
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
            text.setBuddy(combo)
            grid.addWidget(text, row, 0)
            grid.addWidget(times, row, 1)
            grid.addWidget(combo, row, 2)
            combos[value] = combo

    def _fix_tab_order(self) -> None:
        """Newly made status lists sit where they are shown in the Tab order."""
        chain: list[QWidget] = [*self.columns.values(), *self.status_combos.values(),
                                *self.after_combos.values(), self.name, self.platform,
                                self.cancel_button, self.save_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # -- checking and saving -------------------------------------------------------------
    def problems(self) -> list[tuple[str, QWidget]]:
        """What still has to be done, in plain words, with the widget to fix it in."""
        out: list[tuple[str, QWidget]] = []
        chosen = {name: combo.currentData() for name, combo in self.columns.items()}
        for name in REQUIRED_FIELDS:
            if chosen[name] is None:
                out.append((self.tr("Choose the column that holds “%1”.")
                            .replace("%1", self.labels[name]), self.columns[name]))
        used: dict[int, list[str]] = {}
        for name in FIELDS:
            if chosen[name] is not None:
                used.setdefault(chosen[name], []).append(name)
        for index, names in used.items():
            if len(names) > 1:
                out.append((self.tr("The column “%1” is chosen for both “%2” and “%3”. A column "
                                    "can be used for one item only.")
                            .replace("%1", self.headers[index])
                            .replace("%2", self.labels[names[0]])
                            .replace("%3", self.labels[names[1]]), self.columns[names[1]]))
        if self.too_many_states:
            out.append((self.tr("The order status column has too many different values; choose "
                                "the right column."), self.columns["status"]))
        for value, combo in self.status_combos.items():
            if combo.currentData() is None:
                out.append((self.tr("Choose what the order status “%1” means.").replace("%1", value),
                            combo))
        if chosen["after_sale"] is not None:
            for value, combo in self.after_combos.items():
                if combo.currentData() is None:
                    out.append((self.tr("Choose what the after-sales status “%1” means.")
                                .replace("%1", value), combo))
        if not self.name.text().strip():
            out.append((self.tr("Type a name for this layout, so you can tell it apart later."),
                        self.name))
        return out

    def mapping_data(self) -> dict[str, Any]:
        """The mapping as the JSON of ``resources/mappings`` (before the domain checks it)."""
        columns = {name: [self.headers[combo.currentData()]]
                   for name, combo in self.columns.items() if combo.currentData() is not None}
        after_sale_map: dict[str, str] = {"": AfterSale.NONE.value}
        if "after_sale" in columns:
            after_sale_map.update({value: combo.currentData()
                                   for value, combo in self.after_combos.items()
                                   if combo.currentData() is not None})
        name = " ".join(self.name.text().split())
        return {
            "id": self.mapping_id, "version": 1, "platform": self.platform.currentData(),
            "name_zh": name, "name_en": name, "columns": columns,
            "required": list(REQUIRED_FIELDS),
            "status_map": {value: combo.currentData() for value, combo in self.status_combos.items()
                           if combo.currentData() is not None},
            "after_sale_map": after_sale_map,
        }

    def save(self) -> None:
        if self._loading or not self.headers:
            return
        problems = self.problems()
        if problems:
            self.problem.show_messages([text for text, _widget in problems])
            self.scroll.ensureWidgetVisible(problems[0][1])
            problems[0][1].setFocus()
            return
        try:
            mapping = load_mapping(self.mapping_data())
        except MappingError as exc:
            self.problem.show_messages([self.state.text(m) for m in exc.messages])
            return
        try:
            sales_import.save_mapping(mapping)
        except ImportRefused as exc:
            self.problem.show_messages([self.state.text(exc.message)])
            return
        except OSError as exc:
            self.problem.show_messages([self.tr("The layout could not be saved: %1")
                                        .replace("%1", exc.strerror or str(exc))])
            return
        self.problem.show_messages([])
        self.mapping = mapping
        self.saved.emit(mapping)
        self.accept()

    def reject(self) -> None:
        self._cancel.set()  # a read still running stops at its next check
        super().reject()
