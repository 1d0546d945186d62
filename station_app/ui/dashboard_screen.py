"""首页: the station at a glance — large tiles with a number and, where it helps, a small
chart (farmers, shops, credit grades, loans, overdue loans, insurance, training).  Each tile
opens the list behind it (a click, or Enter/Space when it has the keyboard focus) through
``open_requested(target)``; the main window switches to that screen.

The figures come from ``services.dashboard.station_figures`` in the background
(``state.runner``) and are loaded again after any change (``state.changed``) the next time the
screen is shown, at once when it is visible.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.scoring import format_value
from station_app.services import dashboard, shops
from station_app.services.dashboard import DashboardFigures
from station_app.ui.state import AppState
from station_app.ui.widgets import ErrorLabel

#: Tile keys (object names ``tile_<key>``) → the list each one opens.
TARGETS = {
    "farmers": "farmers",
    "shops": "farmers",
    "scores": "scores",
    "loans": "loans:active",
    "overdue": "loans:overdue",
    "insurance": "insurance",
    "training": "training",
}

_ACTIVATE_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select}

_TILE_STYLE = """
QFrame[tile="true"] { background: #ffffff; border: 1px solid #c9d3dd; border-radius: 8px; }
QFrame[tile="true"]:focus { border: 3px solid #1f6fb2; }
QFrame[tile="true"][openable="true"]:hover { border: 2px solid #1f6fb2; }
QLabel#tile_title { font-size: 14pt; color: #34495e; border: none; }
QLabel#tile_value { font-size: 30pt; font-weight: bold; color: #1b2631; border: none; }
QLabel#tile_detail { color: #555; border: none; }
"""


def bar_chart(categories: list[str], values: list[float], colour: str = "#1f6fb2") -> QChart:
    """A small bar chart without title or legend, the value on each bar."""
    chart = QChart()
    chart.legend().hide()
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(0, 0, 0, 0))
    bars = QBarSet("")
    bars.setColor(QColor(colour))
    for value in values:
        bars.append(value)
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    small = axis_x.labelsFont()
    small.setPointSize(9)
    axis_x.setLabelsFont(small)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, max(values, default=0) * 1.25 or 1)
    axis_y.setLabelsVisible(False)  # the value stands on each bar
    axis_y.setTickCount(3)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    return chart


class Tile(QFrame):
    """One tile: a title, a large number, a line of detail and an optional chart.  It can
    take the keyboard focus, and a click, Enter or Space emits ``open_requested(target)``."""

    open_requested = Signal(str)

    def __init__(self, key: str, title: str, target: str, *, chart: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.target = target
        self.openable = True
        self.setObjectName(f"tile_{key}")
        self.setProperty("tile", True)
        self.setAccessibleName(title)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumSize(280, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title = QLabel(title, objectName="tile_title")
        self.value = QLabel("—", objectName="tile_value")
        self.detail = QLabel(objectName="tile_detail")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.chart: QChartView | None = None
        if chart:
            self.chart = QChartView(objectName=f"tile_{key}_chart")
            self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart.setMinimumHeight(150)
            self.chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.chart.setStyleSheet("background: transparent; border: none;")
            # Clicks on the chart open the tile's list like clicks anywhere on the tile.
            self.chart.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(self.chart, 1)
        else:
            layout.addStretch(1)
        self.set_openable(True)

    def set_openable(self, openable: bool) -> None:
        """Whether this person has the list behind the tile (else the tile only shows)."""
        self.openable = openable
        self.setProperty("openable", openable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if openable else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor if openable
                       else Qt.CursorShape.ArrowCursor)
        self.style().unpolish(self)
        self.style().polish(self)

    def activate(self) -> None:
        if self.openable:
            self.open_requested.emit(self.target)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.activate()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in _ACTIVATE_KEYS and self.openable:
            self.activate()
            event.accept()
            return
        super().keyPressEvent(event)


class DashboardScreen(QWidget):
    """The 首页 page of the navigation."""

    open_requested = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.figures: DashboardFigures | None = None
        self.stale = True
        title = QLabel(self.tr("Home"), objectName="title")
        self.as_of = QLabel(objectName="hint")
        self.as_of.setWordWrap(True)
        self.message = ErrorLabel()
        self.message.setObjectName("dashboard_message")
        self.tiles: dict[str, Tile] = {}
        specs = (
            ("farmers", self.tr("Farmers registered"), False),
            ("shops", self.tr("Online shops"), True),
            ("scores", self.tr("Credit scores by grade"), True),
            ("loans", self.tr("Loans being repaid"), True),
            ("overdue", self.tr("Overdue loans"), True),
            ("insurance", self.tr("Weather insurance this year"), True),
            ("training", self.tr("Trainings this month"), False),
        )
        grid_widget = QWidget(objectName="dashboard_tiles")
        grid_widget.setStyleSheet(_TILE_STYLE)
        grid = QGridLayout(grid_widget)
        grid.setSpacing(12)
        # Three columns; the loans tile is two wide so every state's name stays readable.
        places = {"farmers": (0, 0, 1), "shops": (0, 1, 1), "scores": (0, 2, 1),
                  "loans": (1, 0, 2), "overdue": (1, 2, 1), "insurance": (2, 0, 1),
                  "training": (2, 1, 1)}
        for key, text, chart in specs:
            tile = Tile(key, text, TARGETS[key], chart=chart)
            tile.open_requested.connect(self.open_requested)
            self.tiles[key] = tile
            row, column, span = places[key]
            grid.addWidget(tile, row, column, 1, span)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_widget)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.as_of)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        # Tab moves from tile to tile in reading order.
        order = [self.tiles[key] for key, _t, _c in specs]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        state.changed.connect(self._changed)
        state.actor_changed.connect(self._changed)

    # ------------------------------------------------------------------ loading

    def set_targets(self, available: set[str]) -> None:
        """Only tiles whose list this person has open it (the main window says which)."""
        for tile in self.tiles.values():
            tile.set_openable(tile.target in available)

    def first_tile(self) -> Tile | None:
        for tile in self.tiles.values():
            if tile.openable:
                return tile
        return None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.reload()

    def _changed(self, _what: object) -> None:
        self.stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self.stale = False
        if self.state.actor is None:
            return
        ctx = self.state.ctx
        self.state.runner.run(lambda: dashboard.station_figures(ctx), self._show, self._failed,
                              owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.state.errors.report(exc, self)

    # ------------------------------------------------------------------ showing

    def _money(self, value: Decimal) -> str:
        return format_value("yuan", value, self.state.language)

    def _show(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self.message.show_messages([])
        self.as_of.setText(self.tr("Figures of %1. Click a tile, or press Enter on it, to open the list behind it.")  # noqa: E501
                           .replace("%1", figures.as_of.isoformat()))
        tiles = self.tiles
        tiles["farmers"].value.setText(str(figures.farmers))
        tiles["farmers"].detail.setText(self.tr("%1 registered this month")
                                        .replace("%1", str(figures.farmers_this_month)))

        tiles["shops"].value.setText(str(figures.shops))
        tiles["shops"].detail.setText(self.tr("Shops of registered farmers, by platform"))
        self._chart("shops", [self._platform(k) for k, _n in figures.shops_by_platform],
                    [n for _k, n in figures.shops_by_platform])

        tiles["scores"].value.setText(str(figures.scored))
        tiles["scores"].detail.setText(self.tr("%1 of %2 farmers have a score")
                                       .replace("%1", str(figures.scored))
                                       .replace("%2", str(figures.farmers)))
        self._chart("scores", [g for g, _n in figures.by_grade],
                    [n for _g, n in figures.by_grade])

        tiles["loans"].value.setText(str(figures.active_loans))
        tiles["loans"].detail.setText(
            self.tr("Principal outstanding %1 · %2 applications in all")
            .replace("%1", self._money(figures.outstanding_principal))
            .replace("%2", str(figures.loans)))
        self._chart("loans", [self.state.text(f.state.label) for f in figures.loans_by_state],
                    [f.count for f in figures.loans_by_state])

        overdue = figures.overdue
        tiles["overdue"].value.setText(str(overdue.count))
        tiles["overdue"].detail.setText(self.tr("Overdue amount %1").replace(
            "%1", self._money(overdue.amount)))
        self._chart("overdue", [self._bucket(b) for b in overdue.buckets],
                    [b.count for b in overdue.buckets], "#b03a2e")

        cover = figures.insurance
        tiles["insurance"].value.setText(format_value("mu", cover.insured_mu,
                                                      self.state.language))
        tiles["insurance"].detail.setText(
            self.tr("%1 policies of %2, premium %3. Claims paid: %4, %5 (%6 repaid loans).")
            .replace("%1", str(cover.policies)).replace("%2", str(cover.year))
            .replace("%3", self._money(cover.premium)).replace("%4", str(cover.claims_paid))
            .replace("%5", self._money(cover.claims_amount))
            .replace("%6", self._money(cover.claims_to_loans)))
        self._chart("insurance", [self.tr("To loans"), self.tr("To farmers")],
                    [float(cover.claims_to_loans),
                     float(cover.claims_amount - cover.claims_to_loans)], "#1e8449")

        tiles["training"].value.setText(str(figures.trainings_this_month))
        tiles["training"].detail.setText(self.tr("%1 attendances this month")
                                         .replace("%1", str(figures.attendances_this_month)))

    def _chart(self, key: str, categories: list[str], values: list[float],
               colour: str = "#1f6fb2") -> None:
        view = self.tiles[key].chart
        if view is not None:
            view.setChart(bar_chart(categories, values, colour))

    def _platform(self, key: str) -> str:
        label = shops.PLATFORMS.get(key)
        return self.state.text(label) if label is not None else key

    def _bucket(self, bucket: dashboard.OverdueBucket) -> str:
        if bucket.last_day is None:
            return self.tr("over %1 days").replace("%1", str(bucket.first_day - 1))
        return (self.tr("%1–%2 days").replace("%1", str(bucket.first_day))
                .replace("%2", str(bucket.last_day)))
