"""Small shared widgets: touch-friendly buttons, field error labels, a form row helper."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

TOUCH_HEIGHT = 44  # px; comfortable for fingers on kiosk touch screens


def local_time(moment: datetime | None) -> str:
    """A stored UTC time as the clerk's wall clock reads it (China: UTC+8)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class BigButton(QPushButton):
    def __init__(self, text: str, parent: QWidget | None = None, *, primary: bool = False) -> None:
        super().__init__(text, parent)
        self.setMinimumHeight(TOUCH_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        if primary:
            self.setDefault(True)
            self.setProperty("primary", True)


class ErrorLabel(QLabel):
    """Red text under a field saying what is wrong; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_messages(self, messages: list[str], *, warning: bool = False) -> None:
        if not messages:
            self.clear()
            self.hide()
            return
        self.setProperty("warning", warning)
        self.setStyleSheet("color: #b26a00;" if warning else "color: #c62828;")
        self.setText("\n".join(messages))
        self.show()


STYLE = """
QWidget { font-size: 13pt; }
QPushButton { padding: 6px 16px; }
QPushButton[primary="true"] { background: #1565c0; color: white; border-radius: 4px; }
QPushButton[primary="true"]:disabled { background: #90a4ae; }
QLineEdit, QComboBox, QDateEdit, QSpinBox { min-height: 36px; }
QListWidget#nav { font-size: 15pt; }
QListWidget#nav::item { padding: 14px 10px; }
QLabel#title { font-size: 20pt; font-weight: bold; }
QCheckBox { spacing: 10px; min-height: 36px; }
QCheckBox::indicator { width: 26px; height: 26px; }
QLabel#hint { color: #555; }
QTableView { gridline-color: #ddd; }
QHeaderView::section { padding: 6px; font-weight: bold; }
"""


def button_grid(*buttons: QWidget, per_row: int = 3) -> QGridLayout:
    """Buttons in rows of ``per_row``, the last row right-aligned: panels on the farmer page
    are narrow beside the list, and one long row would push them wider than the screen."""
    grid = QGridLayout()
    grid.setColumnStretch(0, 1)
    rows = [buttons[max(0, end - per_row):end] for end in range(len(buttons), 0, -per_row)]
    for r, chunk in enumerate(reversed(rows)):
        for c, button in enumerate(chunk):
            grid.addWidget(button, r, 1 + per_row - len(chunk) + c)
    return grid

