"""The crop calendar (作物参考表) for the admin: edit it in place and save it to the database.

The screen edits a plain copy of the calendar in the file layout (``dump_calendar``), held in
``self.data``; the two tables and the details form write straight into it.  Nothing is checked
while typing beyond what the editors allow (whole days, money to the fen, ``MM-DD`` dates):
``Save`` hands the whole copy to ``reference.save_calendar`` in the background, and every
problem the domain finds comes back as a list of plain sentences while the copy stays as
typed.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.crops import (
    CATEGORIES,
    CalendarError,
    dump_calendar,
    load_calendar,
)
from station_app.services import reference
from station_app.ui.admin.refdoc_editor import EditorTexts, RefDocEditor
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

Index = QModelIndex | QPersistentModelIndex
MAX_DAYS = 3650  # ten years is far beyond any crop's season
FEN = Decimal("0.01")
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_MONEY_RE = re.compile(r"^\d+(\.\d{0,2})?$")
_DECIMAL_RE = re.compile(r"^\d+(\.\d*)?$")
_REGION_SPLIT = re.compile(r"[、,，;；\s]+")
# The usual start event of a new crop, by category (data of the file, not UI text).
_START_EVENTS = {
    "field": ("播种", "sowing"),
    "orchard": ("开花", "flowering"),
    "tea": ("春茶萌芽", "spring bud break"),
    "fungus": ("菌袋接种", "inoculation of the bags"),
}


@dataclass(frozen=True)
class Column:
    path: str  # field in the file layout; "a.b" for a nested one
    kind: str  # text | int | money | decimal | date | code (read-only)
    minimum: int = 0


CROP_COLUMNS = (
    Column("code", "code"),
    Column("name_zh", "text"),
    Column("name_en", "text"),
    Column("growth_days", "int", 1),
    Column("sales_window_days", "int", 1),
    Column("input_cost_per_mu_yuan", "money"),
    Column("typical_yield_per_mu.amount", "decimal"),
    Column("typical_price_yuan_per_kg", "money"),
    Column("typical_planting_window.from", "date"),
    Column("typical_planting_window.to", "date"),
)
PHASE_COLUMNS = (
    Column("name_zh", "text"),
    Column("name_en", "text"),
    Column("days_from_start", "int", 0),
    Column("duration_days", "int", 1),
    Column("typical_window.from", "date"),
    Column("typical_window.to", "date"),
)
_PATTERNS = {
    "money": r"\d{1,8}(\.\d{0,2})?",
    "decimal": r"\d{1,8}(\.\d{0,3})?",
    "date": r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
}


def _get(item: dict[str, Any], path: str) -> Any:
    value: Any = item
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _set(item: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        item = item.setdefault(part, {})
    item[last] = value


def _normalized(kind: str, value: Any) -> Any:
    """What an edit stores: whole days as int, money to the fen, other text as typed
    (a shape the domain does not accept is kept, and Save says what is wrong with it)."""
    if kind == "int":
        if isinstance(value, bool) or isinstance(value, float):
            raise TypeError("days are whole numbers")
        return int(value)
    if kind not in ("money", "decimal", "date"):
        return str(value)
    text = str(value).strip()
    if kind == "money" and _MONEY_RE.match(text):
        return str(Decimal(text.rstrip(".")).quantize(FEN))
    if kind == "decimal" and _DECIMAL_RE.match(text):
        return str(Decimal(text.rstrip(".")))
    return text


class CalendarTableModel(QAbstractTableModel):
    """Rows are dicts of the file layout (shared with the screen's copy), edited in place."""

    edited = Signal()

    def __init__(self, columns: tuple[Column, ...], headers: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.headers = headers
        self.rows: list[dict[str, Any]] = []
        self.read_only = False

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def insert_row(self, row: int, item: dict[str, Any]) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, item)
        self.endInsertRows()
        self.edited.emit()

    def remove_row(self, row: int) -> dict[str, Any]:
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self.rows.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return item

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def column(self, index: Index) -> Column:
        return self.columns[index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = _get(self.rows[index.row()], column.path)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == "int":
                return value if isinstance(value, int) and not isinstance(value, bool) else 0
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("int", "money",
                                                                         "decimal"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.kind == "code":
            return QColor("#666666")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        column = self.columns[index.column()]
        if column.kind == "code":
            return False
        try:
            new = _normalized(column.kind, value)
        except (TypeError, ValueError):
            return False
        if column.kind == "int" and new < column.minimum:
            return False
        item = self.rows[index.row()]
        if _get(item, column.path) == new:
            return True
        _set(item, column.path, new)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and not self.read_only and self.columns[index.column()].kind != "code":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:  # the name in the file and in messages
                return self.columns[section].path
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None


class CalendarDelegate(QStyledItemDelegate):
    """Whole days in a spin box; money, yields and dates in line edits that only take the
    right shape; text as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: list[QWidget] = []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        column: Column = index.model().column(index)  # type: ignore[attr-defined]
        if column.kind == "int":
            editor: QWidget = QSpinBox(parent)
            editor.setRange(column.minimum, MAX_DAYS)
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        else:
            editor = QLineEdit(parent)
            pattern = _PATTERNS.get(column.kind)
            if pattern:
                editor.setValidator(QRegularExpressionValidator(QRegularExpression(pattern),
                                                                editor))
            if column.kind == "date":
                editor.setPlaceholderText("MM-DD")
        editor.setObjectName(f"editor_{column.path}")
        self._editors.append(editor)
        editor.destroyed.connect(self._forget)
        return editor

    def _forget(self, _obj: object = None) -> None:
        self._editors = [e for e in self._editors if shiboken6.isValid(e)]

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)  # as typed
        else:
            super().setModelData(editor, model, index)

    def commit_open_editors(self) -> None:
        """Store what an open cell editor holds (e.g. Save pressed while still typing)."""
        for editor in list(self._editors):
            if shiboken6.isValid(editor) and editor.isVisible():
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def _table(name: str, model: CalendarTableModel, delegate: CalendarDelegate) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setItemDelegate(delegate)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                         | QAbstractItemView.EditTrigger.SelectedClicked
                         | QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
    view.verticalHeader().setDefaultSectionSize(40)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


def _fit_columns(view: QTableView, widest: int = 200) -> None:
    """Columns as wide as their contents, but no wider than ``widest`` (long English names
    are cut off with …, the whole text shows while editing)."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        if view.columnWidth(column) > widest:
            view.setColumnWidth(column, widest)


class AddCropDialog(QDialog):
    """Code, names and category of a new crop; the rest starts from simple defaults."""

    def __init__(self, existing_codes: set[str], category_labels: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.existing = existing_codes
        self.setWindowTitle(self.tr("Add a crop"))
        self.code = QLineEdit(objectName="code")
        self.code.setPlaceholderText("potato")
        self.name_zh = QLineEdit(objectName="name_zh")
        self.name_en = QLineEdit(objectName="name_en")
        self.category = QComboBox(objectName="category")
        for code, label in category_labels.items():
            self.category.addItem(label, code)
        self.errors = {k: ErrorLabel() for k in ("code", "name_zh", "name_en")}
        form = QFormLayout(self)
        for key, label, widget in (
                ("code", self.tr("Code (lower-case letters, digits and _)"), self.code),
                ("name_zh", self.tr("Chinese name"), self.name_zh),
                ("name_en", self.tr("English name"), self.name_en),
                ("", self.tr("Category"), self.category)):
            column = QVBoxLayout()
            column.addWidget(widget)
            if key:
                column.addWidget(self.errors[key])
            form.addRow(label, column)
        add = BigButton(self.tr("Add"), primary=True)
        add.setObjectName("add")
        add.clicked.connect(self.try_accept)
        form.addRow(add)

    def problems(self) -> dict[str, list[str]]:
        code = self.code.text().strip()
        found: dict[str, list[str]] = {}
        if not _CODE_RE.match(code):
            found["code"] = [self.tr("The code must start with a lower-case letter and use only "
                                     "lower-case letters, digits and _, for example potato.")]
        elif code in self.existing:
            found["code"] = [self.tr("Another crop already has this code.")]
        if not self.name_zh.text().strip():
            found["name_zh"] = [self.tr("Please enter the Chinese name.")]
        if not self.name_en.text().strip():
            found["name_en"] = [self.tr("Please enter the English name.")]
        return found

    def try_accept(self) -> bool:
        found = self.problems()
        for key, label in self.errors.items():
            label.show_messages(found.get(key, []))
        if found:
            return False
        self.accept()
        return True

    def new_crop(self) -> dict[str, Any]:
        category = self.category.currentData()
        start_zh, start_en = _START_EVENTS.get(category, ("播种", "sowing"))
        return {
            "code": self.code.text().strip(), "name_zh": self.name_zh.text().strip(),
            "name_en": self.name_en.text().strip(), "category": category,
            "start_event_zh": start_zh, "start_event_en": start_en, "growth_days": 120,
            "typical_planting_window": {"from": "04-01", "to": "04-30"},
            "phases": [{"code": "whole_season", "name_zh": "全生育期", "name_en": "Whole season",
                        "days_from_start": 0, "duration_days": 120,
                        "typical_window": {"from": "04-01", "to": "08-27"}}],
            "input_cost_per_mu_yuan": "0.00", "cost_note_zh": "",
            "typical_yield_per_mu": {"amount": "0", "unit": "kg"},
            "typical_price_yuan_per_kg": "0.00", "sales_window_days": 60, "regions_zh": [],
        }


class CropCalendarScreen(RefDocEditor):
    """The admin's crop calendar editor.  ``CropCalendarScreen(state, parent=None)``."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent, save=reference.save_calendar,
                         reset=reference.reset_calendar, status_name="calendar_status")
        self.data = {"version": 1, "source_note": "", "crops": []}
        labels = {"field": self.tr("Field crop"), "orchard": self.tr("Orchard"),
                  "tea": self.tr("Tea"), "fungus": self.tr("Edible fungus")}
        self.categories = {code: labels.get(code, code) for code in CATEGORIES}

        title = QLabel(self.tr("Crop calendar"), objectName="title")
        self.version = QSpinBox(objectName="save_version")
        self.version.setRange(1, 1_000_000)
        self.import_button = BigButton(self.tr("Import file…"))
        self.import_button.setObjectName("import")
        self.export_button = BigButton(self.tr("Export file…"))
        self.export_button.setObjectName("export")

        # crops
        self.crop_delegate = CalendarDelegate(self)
        self.crops_model = CalendarTableModel(CROP_COLUMNS, [
            self.tr("Code"), self.tr("Chinese name"), self.tr("English name"),
            self.tr("Growth days"), self.tr("Sales window (days)"),
            self.tr("Input cost (yuan/mu)"), self.tr("Typical yield (kg/mu)"),
            self.tr("Typical price (yuan/kg)"), self.tr("Usual start from (MM-DD)"),
            self.tr("Usual start to (MM-DD)")], self)
        self.crops = _table("crops", self.crops_model, self.crop_delegate)
        self.add_crop_button = BigButton(self.tr("Add crop"))
        self.add_crop_button.setObjectName("add_crop")
        self.remove_crop_button = BigButton(self.tr("Remove crop"))
        self.remove_crop_button.setObjectName("remove_crop")
        crops_head = QHBoxLayout()
        crops_head.addWidget(QLabel(self.tr("Crops")))
        crops_head.addStretch(1)
        crops_head.addWidget(self.add_crop_button)
        crops_head.addWidget(self.remove_crop_button)
        crops_box = QWidget()
        crops_layout = QVBoxLayout(crops_box)
        crops_layout.setContentsMargins(0, 0, 0, 0)
        crops_layout.addLayout(crops_head)
        crops_layout.addWidget(self.crops)

        # phases of the selected crop
        self.phase_delegate = CalendarDelegate(self)
        self.phases_model = CalendarTableModel(PHASE_COLUMNS, [
            self.tr("Chinese name"), self.tr("English name"), self.tr("Starts after (days)"),
            self.tr("Lasts (days)"), self.tr("Usually from (MM-DD)"),
            self.tr("Usually to (MM-DD)")], self)
        self.phases = _table("phases", self.phases_model, self.phase_delegate)
        self.add_phase_button = BigButton(self.tr("Add phase"))
        self.add_phase_button.setObjectName("add_phase")
        self.remove_phase_button = BigButton(self.tr("Remove phase"))
        self.remove_phase_button.setObjectName("remove_phase")
        phases_head = QHBoxLayout()
        phases_head.addStretch(1)
        phases_head.addWidget(self.add_phase_button)
        phases_head.addWidget(self.remove_phase_button)
        phases_box = QWidget()
        phases_layout = QVBoxLayout(phases_box)
        phases_layout.setContentsMargins(0, 0, 0, 0)
        phases_layout.addLayout(phases_head)
        phases_layout.addWidget(self.phases)

        # other fields of the selected crop
        self.details = QWidget()
        self.category = QComboBox(objectName="category")
        for code, label in self.categories.items():
            self.category.addItem(label, code)
        self.detail_edits: dict[str, QLineEdit | QPlainTextEdit] = {
            "start_event_zh": QLineEdit(), "start_event_en": QLineEdit(),
            "cost_note_zh": QPlainTextEdit(), "yield_note_zh": QLineEdit(),
            "regions_zh": QLineEdit(),
        }
        form = QFormLayout(self.details)
        form.addRow(self.tr("Category"), self.category)
        labels = {"start_event_zh": self.tr("Start event (Chinese)"),
                  "start_event_en": self.tr("Start event (English)"),
                  "cost_note_zh": self.tr("What the input cost includes"),
                  "yield_note_zh": self.tr("Note on the yield (may be empty)"),
                  "regions_zh": self.tr("Main growing regions (separate with 、)")}
        for key, edit in self.detail_edits.items():
            edit.setObjectName(key)
            edit.setToolTip(key)
            label = QLabel(labels[key])
            label.setToolTip(key)
            label.setWordWrap(True)
            form.addRow(label, edit)
            if isinstance(edit, QPlainTextEdit):
                edit.setFixedHeight(96)
                edit.textChanged.connect(self._note_edited)
            else:
                edit.textEdited.connect(self._detail_edited)
        self.category.activated.connect(self._category_chosen)

        self.lower = QTabWidget(objectName="crop_tabs")
        self.lower.addTab(phases_box, "")
        self.lower.addTab(self.details, "")
        self._lay_out(title, [QLabel(self.tr("Save as version")), self.version],
                      [self.import_button, self.export_button], crops_box, self.lower,
                      lower_stretch=1)

        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.add_crop_button.clicked.connect(self.add_crop)
        self.remove_crop_button.clicked.connect(self.remove_crop)
        self.add_phase_button.clicked.connect(self.add_phase)
        self.remove_phase_button.clicked.connect(self.remove_phase)
        self.crops_model.edited.connect(self._edited)
        self.phases_model.edited.connect(self._edited)
        self.crops_model.dataChanged.connect(self._crop_cell_changed)
        self.crops.selectionModel().currentRowChanged.connect(self._crop_selected)
        self._start()

    def _texts(self) -> EditorTexts:
        return EditorTexts(
            reset=self.tr("Back to the shipped calendar"),
            reset_question=self.tr("Use the calendar shipped with the app again? The edited "
                                   "calendar stops being used (it stays in the records), and "
                                   "changes not saved yet are lost."),
            saved=self.tr("Saved. The calendar in use is now version %1."),
            save_failed=self.tr("The calendar was not saved. Please correct these problems "
                                "(your changes are still here):"),
            reset_done=self.tr("The calendar shipped with the app (version %1) is in use "
                               "again."),
            reset_failed=self.tr("The shipped calendar could not be restored:"),
            status_invalid=self.tr("The edited calendar stored in the database has problems "
                                   "and is not used; the calendar shipped with the app "
                                   "(version %1) is in use. Save a corrected calendar to "
                                   "replace it."),
            status_edited_by=self.tr("In use: the calendar edited at this station, version %1 "
                                     "(saved %2 by %3)."),
            status_edited=self.tr("In use: the calendar edited at this station, version %1."),
            status_reset_by=self.tr("In use: the calendar shipped with the app, version %1 "
                                    "(back to it since %2, by %3)."),
            status_shipped=self.tr("In use: the calendar shipped with the app, version %1."))

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the calendar in use (drops unsaved changes)."""
        self.info = reference.calendar_info(self.state.db)
        self._show(dump_calendar(reference.active_calendar(self.state.db)))
        self.version.setValue(self.info.next_version)
        self._loaded()

    def _show(self, data: dict[str, Any], select_code: str | None = None) -> None:
        keep = select_code or self.current_code()
        self.data = data
        self.crops_model.set_rows(self.data["crops"])
        _fit_columns(self.crops)
        codes = [c.get("code") for c in self.data["crops"]]
        self.select_crop(codes.index(keep) if keep in codes else 0)
        self._apply_permission()

    def _apply_permission(self) -> None:
        may = self.may_edit
        self.crops_model.read_only = self.phases_model.read_only = not may
        for widget in (self.save_button, self.discard_button, self.reset_button,
                       self.import_button, self.add_crop_button, self.remove_crop_button,
                       self.add_phase_button, self.remove_phase_button, self.version):
            widget.setEnabled(may and not self.saving)
        self.details.setEnabled(may)

    # -- selection -----------------------------------------------------------------------
    def current_row(self) -> int:
        row = self.crops.currentIndex().row()
        return row if 0 <= row < len(self.data["crops"]) else -1

    def current_crop(self) -> dict[str, Any] | None:
        row = self.current_row()
        return self.data["crops"][row] if row >= 0 else None

    def current_code(self) -> str | None:
        crop = self.current_crop()
        return crop.get("code") if crop else None

    def select_crop(self, row: int) -> None:
        if 0 <= row < self.crops_model.rowCount():
            self.crops.setCurrentIndex(self.crops_model.index(row, 1))
            self.crops.selectRow(row)
        self._crop_selected()

    def _crop_selected(self, *_args: object) -> None:
        crop = self.current_crop()
        self.phases_model.set_rows(crop["phases"] if crop and isinstance(
            crop.get("phases"), list) else [])
        _fit_columns(self.phases)
        self._fill_details(crop)

    def _crop_name(self, crop: dict[str, Any]) -> str:
        key = "name_en" if self.state.language.lower().startswith("en") else "name_zh"
        return str(crop.get(key) or crop.get("code") or "")

    def _fill_details(self, crop: dict[str, Any] | None) -> None:
        self._filling = True
        try:
            self._name_tabs(crop)
            crop = crop or {}
            index = self.category.findData(crop.get("category"))
            self.category.setCurrentIndex(index)
            for key, edit in self.detail_edits.items():
                value = crop.get(key, "")
                if key == "regions_zh":
                    value = "、".join(value) if isinstance(value, list) else str(value)
                if isinstance(edit, QPlainTextEdit):
                    edit.setPlainText(str(value))
                else:
                    edit.setText(str(value))
        finally:
            self._filling = False

    def _name_tabs(self, crop: dict[str, Any] | None) -> None:
        name = self._crop_name(crop) if crop else ""
        self.lower.setTabText(0, self.tr("Growth phases of %1").replace("%1", name))
        self.lower.setTabText(1, self.tr("More about %1").replace("%1", name))

    def _crop_cell_changed(self, top_left: QModelIndex, *_args: object) -> None:
        if top_left.row() == self.current_row():
            self._name_tabs(self.current_crop())

    # -- editing -------------------------------------------------------------------------
    def _edited(self) -> None:
        self._set_dirty(True)
        self._say("")

    def _write_detail(self, key: str, value: Any) -> None:
        crop = self.current_crop()
        if self._filling or crop is None or not self.may_edit:
            return
        if crop.get(key) != value:
            crop[key] = value
            self._edited()

    def _detail_edited(self, text: str) -> None:
        key = self.sender().objectName()
        if key == "regions_zh":
            self._write_detail(key, [part for part in _REGION_SPLIT.split(text) if part])
        elif key == "yield_note_zh" and not text:
            crop = self.current_crop()
            if crop is not None and "yield_note_zh" in crop and not self._filling:
                del crop["yield_note_zh"]
                self._edited()
        else:
            self._write_detail(key, text)

    def _note_edited(self) -> None:
        edit = self.detail_edits["cost_note_zh"]
        assert isinstance(edit, QPlainTextEdit)
        self._write_detail("cost_note_zh", edit.toPlainText())

    def _category_chosen(self, index: int) -> None:
        self._write_detail("category", self.category.itemData(index))

    def add_crop(self) -> None:
        dialog = AddCropDialog({str(c.get("code")) for c in self.data["crops"]},
                               self.categories, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.insert_crop(dialog.new_crop())

    def insert_crop(self, crop: dict[str, Any]) -> None:
        row = len(self.data["crops"])
        self.crops_model.insert_row(row, crop)
        self.select_crop(row)
        self._say(self.tr("Added %1. Fill in its figures and phases, then press Save."
                          ).replace("%1", self._crop_name(crop)))

    def remove_crop(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        crop = self.crops_model.remove_row(row)
        self.select_crop(min(row, len(self.data["crops"]) - 1))
        self._say(self.tr("Removed %1. Press Save to apply, or Discard changes to undo."
                          ).replace("%1", self._crop_name(crop)))

    def add_phase(self) -> None:
        crop = self.current_crop()
        if crop is None:
            return
        phases = self.phases_model.rows
        last = phases[-1] if phases else None
        start = 0
        if last and isinstance(last.get("days_from_start"), int) and isinstance(
                last.get("duration_days"), int):
            start = last["days_from_start"] + last["duration_days"]
        growth = crop.get("growth_days")
        duration = growth - start if isinstance(growth, int) and growth > start else 10
        codes = {p.get("code") for p in phases}
        number = len(phases) + 1
        while f"phase_{number}" in codes:
            number += 1
        window = dict(crop.get("typical_planting_window") or {"from": "01-01", "to": "12-31"})
        self.phases_model.insert_row(len(phases), {
            "code": f"phase_{number}", "name_zh": "", "name_en": "", "days_from_start": start,
            "duration_days": duration, "typical_window": window})
        self.phases.setCurrentIndex(self.phases_model.index(len(phases) - 1, 0))

    def remove_phase(self) -> None:
        row = self.phases.currentIndex().row()
        if 0 <= row < self.phases_model.rowCount():
            self.phases_model.remove_row(row)

    def commit_editors(self) -> None:
        self.crop_delegate.commit_open_editors()
        self.phase_delegate.commit_open_editors()

    # -- saving --------------------------------------------------------------------------
    def data_to_save(self) -> dict[str, Any]:
        data = copy.deepcopy(self.data)
        data["version"] = self.version.value()
        return data

    # -- files ---------------------------------------------------------------------------
    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a crop calendar file"), "",
            self.tr("Crop calendar (*.json)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Load a calendar file into the editor (checked first); Save then stores it."""
        try:
            calendar = load_calendar(path)
        except CalendarError as exc:
            self._show_problems(self.tr("The file was not imported:"),
                                [self.state.text(m) for m in exc.messages])
            return False
        self._show(dump_calendar(calendar))
        next_version = self.info.next_version if self.info else 1
        self.version.setValue(max(calendar.version, next_version))
        self._set_dirty(True)
        self._show_problems("", [])
        self._say(self.tr("Imported %1. Check it, then press Save to use it.")
                  .replace("%1", path.name))
        return True

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the crop calendar"),
            f"crops-v{self.version.value()}.json", self.tr("Crop calendar (*.json)"))
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> bool:
        """Write the calendar as shown (with unsaved changes) in the file layout."""
        self.commit_editors()
        text = json.dumps(self.data_to_save(), ensure_ascii=False, indent=2) + "\n"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self._say("")
            self._show_problems(self.tr("The file could not be written:"),
                                [f"{path}: {exc.strerror or exc}"])
            return False
        self._say(self.tr("Exported to %1.").replace("%1", str(path)))
        return True
