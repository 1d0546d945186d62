"""天气数据 / Weather data: what daily weather the station has for each weather station the
insurance products name, and the import of a weather CSV with a plain report.

The table shows, per weather station, the days in use (first and last day, days missing in
between, days with an empty value) and where they come from: the database (loaded on the
central server, imported here, or the demo's shipped and generated days) or the file shipped
with the app.  "Import CSV…" reads and stores a file in the background
(``services.weather.import_csv``), then lists what was kept and updated and every problem
with its line number; a phase with a missing day is never computed, so the gaps are listed
too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services import insurance, weather
from station_app.services.errors import ServiceError, ValidationFailed
from station_app.services.weather import WeatherImportResult, WeatherSummary
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

# Who sees the screen: whoever may import (the admin and the finance specialist).
WEATHER_PERMISSIONS = weather.IMPORT_PERMISSIONS
MAX_LISTED = 2000  # problems listed in the report (a broken file can have one per line)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _station_summaries(db: Any) -> list[WeatherSummary]:
    """The weather stations of the insurance products, then any other in the database."""
    named = list(dict.fromkeys(p.station_id for p in insurance.catalogue()))
    others = [s for s in weather.stations_in_db(db) if s not in named]
    return [weather.summary(db, station) for station in named + others]


class WeatherScreen(QWidget):
    progressed = Signal(int, int)  # from the worker: days stored, days in the file

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.summaries: list[WeatherSummary] = []
        self.result: WeatherImportResult | None = None
        self.busy = False
        self.setObjectName("weather_screen")

        title = QLabel(self.tr("Weather data"), objectName="title")
        hint = QLabel(self.tr(
            "Daily weather of the weather stations named by the insurance products. Quotes "
            "and claims use these days; an insurance phase with a missing day is shown as "
            "incomplete and never computed."), objectName="hint")
        hint.setWordWrap(True)

        self.table = QTableWidget(0, 8, objectName="weather_stations")
        self.table.setHorizontalHeaderLabels([
            self.tr("Weather station"), self.tr("Used by"), self.tr("First day"),
            self.tr("Last day"), self.tr("Days"), self.tr("Missing days"),
            self.tr("Days with an empty value"), self.tr("Source")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)

        self.import_button = BigButton(self.tr("Import CSV…"), primary=True)
        self.import_button.setObjectName("weather_import")
        self.refresh_button = BigButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("weather_refresh")
        self.progress = QProgressBar(objectName="weather_progress")
        self.progress.hide()
        self.error = ErrorLabel()
        self.error.setObjectName("weather_error")

        self.report = QLabel(objectName="weather_report")
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.hide()
        self.problems = QTableWidget(0, 3, objectName="weather_problems")
        self.problems.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Kind"),
                                                 self.tr("What is wrong")])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        problems_header = self.problems.horizontalHeader()
        problems_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        problems_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        problems_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.report)
        layout.addWidget(self.problems, 2)
        # The tables take the room, not the title and hint (the problems, when shown, most).
        layout.setStretchFactor(self.table, 1)

        self.import_button.clicked.connect(self.choose_file)
        self.refresh_button.clicked.connect(self.refresh)
        self.progressed.connect(self._on_progress)

    # -- the table -----------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if self.state.actor is None:
            return
        db = self.state.db
        self.state.runner.run(lambda: _station_summaries(db), self._show_summaries,
                              self._failed, owner=self)

    def _source_text(self, item: WeatherSummary) -> str:
        if item.source == weather.SHIPPED:
            return self.tr("File shipped with the app (generated demo data)")
        if item.source == weather.NONE:
            return self.tr("No data")
        parts = []
        for label, count in sorted(item.by_source.items()):
            if label == weather.SOURCE_CENTRAL:
                parts.append(self.tr("%1 from the central server").replace("%1", str(count)))
            elif label == weather.SOURCE_IMPORT:
                parts.append(self.tr("%1 imported here").replace("%1", str(count)))
            elif label == weather.SOURCE_SHIPPED:
                parts.append(self.tr("%1 from the demo file (generated)")
                             .replace("%1", str(count)))
            elif label == weather.SOURCE_GENERATED:
                parts.append(self.tr("%1 generated after the demo file")
                             .replace("%1", str(count)))
            else:
                parts.append(f"{label}: {count}")
        return self.tr("Database: %1").replace("%1", "; ".join(parts))

    def _show_summaries(self, summaries: list[WeatherSummary]) -> None:
        self.summaries = summaries
        names: dict[str, list[str]] = {}
        for product in insurance.catalogue():
            names.setdefault(product.station_id, []).append(product.name(self.state.language))
        self.table.setRowCount(len(summaries))
        for row, item in enumerate(summaries):
            cells = [
                item.weather_station,
                self._joined(names.get(item.weather_station, [])) or self.tr("No product"),
                item.first.isoformat() if item.first else "",
                item.last.isoformat() if item.last else "",
                str(item.days), str(item.missing_days), str(item.days_with_missing_values),
                self._source_text(item),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if 4 <= column <= 6:
                    cell.setTextAlignment(_RIGHT)
                self.table.setItem(row, column, cell)

    def _joined(self, items: Any) -> str:
        return (", " if self.state.language.startswith("en") else "、").join(items)

    # -- importing -----------------------------------------------------------------------
    def choose_file(self) -> None:
        if self.busy:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Weather data file"), str(Path.home()),
            self.tr("Weather data (*.csv *.txt);;All files (*)"))
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        if self.busy:
            return
        ctx = self.state.ctx
        self._set_busy(True)
        self.error.show_messages([])
        self.report.hide()
        self.problems.hide()
        self.state.runner.run(
            lambda: weather.import_csv(ctx, path, progress=self.progressed.emit),
            self._imported, self._import_failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.import_button.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 0)  # busy until the first count arrives
            self.progress.setFormat(self.tr("Reading and checking the file…"))
            self.progress.show()
        else:
            self.progress.hide()

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.progress.setFormat(self.tr("Storing: %1 of %2 days").replace("%1", str(done))
                                .replace("%2", str(total)))

    def _imported(self, result: WeatherImportResult) -> None:
        self._set_busy(False)
        self.result = result
        self._show_report(result)
        self.refresh()

    def _import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.error.show_messages([m.text(self.state.language)
                                      for messages in exc.fields.values() for m in messages])
        elif isinstance(exc, ServiceError):
            self.error.show_messages([self.state.text(exc.message)])
        else:
            self.state.errors.report(exc, self)

    # -- the report ----------------------------------------------------------------------
    def _show_report(self, result: WeatherImportResult) -> None:
        lines = []
        if result.file_name:
            lines.append(self.tr("File: %1").replace("%1", result.file_name))
        lines.append(self.tr("%1 rows read: %2 kept, %3 not imported.")
                     .replace("%1", str(result.rows_read)).replace("%2", str(result.rows_kept))
                     .replace("%3", str(result.rows_not_imported)))
        lines.append(self.tr("Stored: %1 new days, %2 updated, %3 unchanged.")
                     .replace("%1", str(result.inserted)).replace("%2", str(result.updated))
                     .replace("%3", str(result.unchanged)))
        if result.weather_stations and result.first and result.last:
            lines.append(self.tr("Weather station %1, days %2 to %3.")
                         .replace("%1", self._joined(result.weather_stations))
                         .replace("%2", result.first.isoformat())
                         .replace("%3", result.last.isoformat()))
        named = {p.station_id for p in insurance.catalogue()}
        for station in result.weather_stations:
            if station not in named:
                lines.append(self.tr("Note: no insurance product uses the weather station %1.")
                             .replace("%1", station))
        if result.problems:
            lines.append(self.tr("%1 rows were not imported, %2 warnings, %3 gaps: see the "
                                 "list below.").replace("%1", str(result.rows_not_imported))
                         .replace("%2", str(len(result.warnings) - len(result.gaps)))
                         .replace("%3", str(len(result.gaps))))
        else:
            lines.append(self.tr("No problems found: no gap, no impossible value, no repeated "
                                 "day."))
        self.report.setText("\n".join(lines))
        self.report.show()

        listed = result.problems[:MAX_LISTED]
        self.problems.setRowCount(len(listed))
        for row, problem in enumerate(listed):
            line = QTableWidgetItem(str(problem.line) if problem.line is not None else "—")
            line.setTextAlignment(_RIGHT)
            kind = QTableWidgetItem(self.tr("Not imported") if problem.severity == "error"
                                    else self.tr("Warning"))
            self.problems.setItem(row, 0, line)
            self.problems.setItem(row, 1, kind)
            text = QTableWidgetItem(problem.text(self.state.language))
            text.setToolTip(text.text())
            self.problems.setItem(row, 2, text)
        self.problems.setVisible(bool(listed))
        if len(result.problems) > MAX_LISTED:
            self.report.setText(self.report.text() + "\n" + self.tr(
                "Only the first %1 problems are listed.").replace("%1", str(MAX_LISTED)))

    def problem_rows(self) -> list[tuple[str, str, str]]:
        """The report's list as text (line, kind, what is wrong), for tests and copying."""
        return [tuple(self.problems.item(r, c).text() for c in range(3))  # type: ignore[misc]
                for r in range(self.problems.rowCount())]
