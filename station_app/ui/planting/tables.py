"""The read-only, one-row-at-a-time tables of the planting tab and its dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def selection_table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    """Replace the rows and select the first (so the buttons have something to act on)."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    if rows:
        table.selectRow(0)
