"""A small base for the record dialogs (plots, seasons, harvests, costs, monthly totals).

Each field gets its own error line.  ``submit()`` of the subclass calls a service; a
``ValidationFailed`` puts each message beside its field and keeps everything typed, any other
failure goes through the app's error channel.  Decimal fields are plain line edits read with
:func:`station_app.domain.planting.parse_decimal` (never floats).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.messages import Message
from station_app.domain.planting import parse_decimal
from station_app.services.errors import ValidationFailed
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(name: str, day: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day or date.today()))
    return edit


def decimal_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setInputMethodHints(edit.inputMethodHints())
    return edit


def plain(value: Decimal | None) -> str:
    """A stored decimal as a clerk would type it (no trailing ``.00`` noise)."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class RecordDialog(QDialog):
    """Subclasses add rows with :meth:`row` and implement :meth:`submit`."""

    def __init__(self, state: AppState, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(title)
        self.setProperty("keepOnLock", True)
        self.setMinimumWidth(560)
        self.errors: dict[str, ErrorLabel] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.general = ErrorLabel()
        self.general.setObjectName("error_general")
        self.save_button = BigButton(self.tr("Save"), primary=True)
        self.save_button.setObjectName("save")
        cancel = BigButton(self.tr("Cancel"))
        cancel.setObjectName("cancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)

    def row(self, key: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        error = ErrorLabel()
        error.setObjectName(f"error_{key}")
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint, objectName="hint")
            note.setWordWrap(True)
            column.addWidget(note)
        column.addWidget(error)
        self.form.addRow(label, column)
        self.errors[key] = error
        return widget

    def number(self, key: str, edit: QLineEdit, problems: dict[str, list[str]]) -> Decimal | None:
        """The decimal in ``edit``; a non-number is noted in ``problems`` (blank is None)."""
        text = edit.text().strip()
        value = parse_decimal(text)
        if text and value is None:
            problems.setdefault(key, []).append(self.state.text(Message(
                "form.not_a_number", "这里要填数字，例如 2.5。", "Enter a number here, e.g. 2.5.")))
        return value

    def show_problems(self, problems: dict[str, list[str]], general: list[str] | None = None) -> None:
        for key, label in self.errors.items():
            label.show_messages(problems.get(key, []))
        unplaced = [m for key, ms in problems.items() if key not in self.errors for m in ms]
        self.general.show_messages(unplaced + (general or []))

    def collect(self, problems: dict[str, list[str]]) -> object:
        """The typed values as the domain's input object; parse errors go into ``problems``."""
        raise NotImplementedError

    def check(self, data: object) -> dict[str, list[Message]]:
        """The domain's check of ``data`` (pure), so every problem shows at once."""
        return {}

    def commit(self, data: object) -> object:
        """Call the service."""
        raise NotImplementedError

    def save(self) -> None:
        problems: dict[str, list[str]] = {}
        data = self.collect(problems)
        for key, messages in self.check(data).items():
            if key not in problems:  # "not a number" says more than "missing"
                problems[key] = [self.state.text(m) for m in messages]
        if problems:
            self.show_problems(problems)
            return
        try:
            self.result = self.commit(data)
        except ValidationFailed as exc:
            self.show_problems({k: [self.state.text(m) for m in ms] for k, ms in exc.fields.items()})
            return
        except Exception as exc:  # noqa: BLE001 - through the error channel, nothing lost
            self.show_problems({})
            self.state.errors.report(exc, self)
            return
        self.state.announce(self.announces)
        self.accept()

    announces = "record"
    result: object = None
