"""A small base for the dialogs of one case (a loan application, an insurance policy): the
title and a coloured state badge, the facts, an error and a message line, tabs, and a row of
buttons for what this person may do now and what they may print.

Subclasses build their tabs, then call :meth:`CaseDialog.reload`; in it they fetch the view,
call :meth:`CaseDialog.show_case` and fill their tables and :meth:`CaseDialog._fill_actions`.
A workflow move (:meth:`CaseDialog.do`) asks for the reason it needs; a print makes the
signed PDF in the background and, when ``settings.open_printed_documents``, offers to print
or open it.  A refusal is shown in plain words, any other failure goes through the app's
error channel.  ``changed`` is emitted after anything was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scoring import format_value
from station_app.ui.pdf_printing import DocumentReadyDialog
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel, local_time

#: The badge of a state without a colour of its own (waiting, in progress).
DEFAULT_COLOUR = "#1565c0"


def make_table(name: str, headers: list[str]) -> QTableWidget:
    """A read-only table of whole rows with the given column headers."""
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CaseDialog(QDialog):
    """Object names ``<name>_dialog``, ``<name>_state`` (the badge), ``<name>_facts``,
    ``<name>_message``, ``<name>_tabs`` and ``<name>_close``."""

    changed = Signal()

    #: The service's refusal (it has a ``message``), shown in the error line.
    refused: type[Exception] = Exception
    #: Object-name prefix of the buttons of the workflow moves.
    action_prefix = "action_"
    #: Moves whose buttons are primary.
    primary_actions: frozenset[Any] = frozenset()

    def __init__(self, state: AppState, name: str, minimum: tuple[int, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.view: Any = None
        self.last_printed: Any = None
        self.setObjectName(f"{name}_dialog")
        self.setProperty("keepOnLock", True)
        self.setMinimumSize(*minimum)
        self.title = QLabel(objectName="title")
        self.badge = QLabel(objectName=f"{name}_state")
        self.facts = QLabel(objectName=f"{name}_facts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        self.message = QLabel(objectName=f"{name}_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(objectName=f"{name}_tabs")
        self.actions_row = QHBoxLayout()
        close = BigButton(self.tr("Close"))
        close.setObjectName(f"{name}_close")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addLayout(self.actions_row)
        bottom.addStretch(1)
        bottom.addWidget(close)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.facts)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------ for subclasses

    def reload(self) -> None:
        raise NotImplementedError

    def offered_actions(self, view: Any) -> Iterable[Any]:
        """The workflow moves this person may make now, a button each."""
        raise NotImplementedError

    def add_more_buttons(self, view: Any) -> None:
        """Buttons after the moves and before the print buttons."""

    def printable(self, view: Any) -> list[tuple[str, str]]:
        """(which, button text) of the documents this person may print now."""
        return []

    def document_maker(self, which: str) -> Callable[[], Any]:
        """What makes the document ``which`` in the background (it returns the printed
        document: ``doc_id``, ``path``)."""
        raise NotImplementedError

    def needs_reason(self, action: Any) -> bool:
        raise NotImplementedError

    def move(self, action: Any, reason: str | None) -> None:
        """Make the workflow move through the service."""
        raise NotImplementedError

    # ------------------------------------------------------------------ showing

    def _money(self, value: Decimal) -> str:
        return format_value("yuan", value, self.state.language)

    def show_case(self, view: Any, window_title: str, title: str, state_text: str,
                  colours: Mapping[Any, str]) -> None:
        """The view, the window title, the title and the badge of its state."""
        self.view = view
        self.setWindowTitle(window_title)
        self.title.setText(title)
        colour = colours.get(view.state, DEFAULT_COLOUR)
        self.badge.setText(state_text)
        self.badge.setStyleSheet(f"color: white; background: {colour}; padding: 6px 14px;"
                                 "border-radius: 4px; font-size: 15pt;")

    def add_history_tab(self, name: str) -> QTableWidget:
        """The table of the steps taken (who did what, when and why), as a new tab."""
        table = make_table(name, [self.tr("When"), self.tr("Step"), self.tr("By"),
                                  self.tr("Reason")])
        self.tabs.addTab(table, self.tr("Steps"))
        return table

    def fill_history(self, table: QTableWidget,
                     steps: Iterable[tuple[datetime, str, str, str, bool]]) -> None:
        """Rows of (when, step, by whom, reason, superseded); a superseded step is greyed
        and says it was not applied."""
        steps = list(steps)
        table.setRowCount(len(steps))
        for row, (at, step, who, reason, superseded) in enumerate(steps):
            if superseded:
                step += self.tr(" (not applied: someone else acted first)")
            for col, text in enumerate((local_time(at), step, who, reason)):
                item = QTableWidgetItem(text)
                if superseded:
                    item.setForeground(QColor("#888888"))
                table.setItem(row, col, item)
        table.resizeColumnsToContents()

    def _fill_actions(self, view: Any) -> None:
        while self.actions_row.count():
            item = self.actions_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for action in self.offered_actions(view):
            button = BigButton(self.state.text(action.label),
                               primary=action in self.primary_actions)
            button.setObjectName(f"{self.action_prefix}{action.value}")
            button.setProperty("action", action.value)
            button.clicked.connect(self._action_clicked)
            self.actions_row.addWidget(button)
        self.add_more_buttons(view)
        for which, text in self.printable(view):
            button = BigButton(text)
            button.setObjectName(f"print_{which}")
            button.setProperty("document", which)
            button.clicked.connect(self._print_clicked)
            self.actions_row.addWidget(button)

    # Bound methods, not lambdas, as receivers (docs/architecture.md, "UI habits").
    def _action_clicked(self) -> None:
        value = self.sender().property("action")
        action = next((a for a in self.offered_actions(self.view) if a.value == value), None)
        if action is not None:
            self.do(action)

    def _print_clicked(self) -> None:
        self.print_document(self.sender().property("document"))

    # ------------------------------------------------------------------ printing

    def print_document(self, which: str) -> None:
        """Make the signed PDF in the background, then offer to print or open it."""
        assert self.view is not None
        make = self.document_maker(which)
        self.error.show_messages([])
        self.message.setText(self.tr("Making the document…"))
        self.state.runner.run(make, self._printed, self._print_failed, owner=self)

    def after_print(self) -> None:
        """What printing changed (a loan's first contract moves it on)."""

    def _printed(self, printed: Any) -> None:
        self.last_printed = printed
        self.message.setText(self.tr("%1 is ready: %2").replace("%1", printed.doc_id).replace(
            "%2", str(printed.path)))
        self.after_print()
        if self.state.settings.open_printed_documents:
            dialog = DocumentReadyDialog(printed.path, self, errors=self.state.errors)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def _print_failed(self, exc: BaseException) -> None:
        self.message.clear()
        if isinstance(exc, self.refused):
            self.error.show_messages([self.state.text(exc.message)])
            return
        self.state.errors.report(exc, self)

    # ------------------------------------------------------------------ doing

    def _after(self) -> None:
        self.reload()
        self.changed.emit()

    def attempt(self, record: Callable[[], object]) -> bool:
        """Record something through the service; then show the case again and say so."""
        try:
            record()
        except self.refused as exc:
            self.error.show_messages([self.state.text(exc.message)])
            return False
        except Exception as exc:  # noqa: BLE001 - through the error channel
            self.state.errors.report(exc, self)
            return False
        self._after()
        return True

    def ask_reason(self, action: Any) -> str | None:
        """The reason for ``action`` the person typed; None if they cancelled."""
        text, ok = QInputDialog.getMultiLineText(
            self, self.state.text(action.label),
            self.tr("Why? The farmer and your colleagues will read this."))
        return text if ok else None

    def do(self, action: Any) -> None:
        """Make one workflow move, asking for the reason it needs."""
        assert self.view is not None
        self.error.show_messages([])
        reason = None
        if self.needs_reason(action):
            reason = self.ask_reason(action)
            if reason is None:
                return
        self.attempt(lambda: self.move(action, reason))
