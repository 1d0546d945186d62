"""信用分分布: the station's latest scores by grade and by score band; rescoring everyone
(after a new model) with progress; the admin installs a new model file here."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.domain.scoring import ModelError
from station_app.services import scoring, scoring_batch
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel


def _bar_chart(title: str, categories: list[str], values: list[int]) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    bars = QBarSet(title)
    for value in values:
        bars.append(value)
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    small = axis_x.labelsFont()
    small.setPointSize(9)
    axis_x.setLabelsFont(small)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, max(values, default=0) * 1.15 or 1)
    axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    return chart


class ScoreDistributionScreen(QWidget):
    rescore_progress = Signal(int, int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.distribution: scoring.Distribution | None = None
        title = QLabel(self.tr("Credit scores of the station"), objectName="title")
        self.summary = QLabel(objectName="distribution_summary")
        self.summary.setWordWrap(True)
        self.by_grade = QChartView(objectName="distribution_by_grade")
        self.by_band = QChartView(objectName="distribution_by_band")
        for view in (self.by_grade, self.by_band):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
        self.rescore_button = BigButton(self.tr("Score every farmer again"))
        self.rescore_button.setObjectName("rescore_all")
        self.install_button = BigButton(self.tr("Load a new model file…"))
        self.install_button.setObjectName("install_model")
        self.progress = QProgressBar(objectName="rescore_progress")
        self.progress.hide()
        self.message = ErrorLabel()
        self.message.setObjectName("distribution_message")
        buttons = QHBoxLayout()
        buttons.addWidget(self.rescore_button)
        buttons.addWidget(self.install_button)
        buttons.addStretch(1)
        charts = QHBoxLayout()
        charts.addWidget(self.by_grade, 1)
        charts.addWidget(self.by_band, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addLayout(charts, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self.rescore_button.clicked.connect(self.rescore_all)
        self.install_button.clicked.connect(self.choose_model)
        self.rescore_progress.connect(self._progressed)
        state.changed.connect(self._changed)
        self.stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.rescore_button.setVisible(self.state.can(Permission.SCORE_COMPUTE))
        self.install_button.setVisible(self.state.can(Permission.PRODUCT_MANAGE))
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
        # 40-point bands: about ten bars over the model's range, each label readable.
        self.state.runner.run(lambda: (scoring.distribution(ctx, band=40),
                                       scoring.active_model(ctx.db)),
                              lambda got: self._show(*got), self._failed, owner=self)

    def _show(self, dist: scoring.Distribution, model) -> None:
        self.distribution = dist
        self.summary.setText(self.tr(
            "%1 of %2 farmers have a score (their latest one counts). Model %3 version %4.")
            .replace("%1", str(dist.scored)).replace("%2", str(dist.farmers))
            .replace("%3", model.id).replace("%4", str(model.version)))
        grades = list(dist.by_grade)
        self.by_grade.setChart(_bar_chart(self.tr("Farmers per grade"), grades,
                                          [dist.by_grade[g] for g in grades]))
        bands = list(range(model.min_total // dist.band * dist.band, model.max_total + 1, dist.band))
        self.by_band.setChart(_bar_chart(
            self.tr("Farmers per score band"), [str(b) for b in bands],
            [dist.by_band.get(b, 0) for b in bands]))

    def _failed(self, exc: BaseException) -> None:
        self.rescore_button.setEnabled(True)
        self.progress.hide()
        if isinstance(exc, ModelError):
            self.message.show_messages([self.state.text(m) for m in exc.problems])
        else:
            self.state.errors.report(exc, self)

    def rescore_all(self) -> None:
        self.rescore_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.show_messages([])
        ctx, emit = self.state.ctx, self.rescore_progress.emit  # a signal: safe from the worker
        # The set-based path: a county's 100,000 farmers in minutes, not half an hour
        # (docs/benchmarks.md); it stores exactly what the per-farmer path would.
        self.state.runner.run(lambda: scoring_batch.rescore_station(ctx, progress=emit),
                              self._rescored, self._failed, owner=self)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _rescored(self, counts: tuple[int, int]) -> None:
        self.rescore_button.setEnabled(True)
        self.progress.hide()
        self.message.show_messages([self.tr("%1 farmers scored; %2 had a new score.")
                                    .replace("%1", str(counts[0])).replace("%2", str(counts[1]))],
                                   warning=True)
        self.state.announce("scores")

    def choose_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Scorecard model file"), "",
                                              self.tr("Model files (*.json)"))
        if path:
            self.install(path)

    def install(self, path: str) -> None:
        self.message.show_messages([])
        try:
            model = scoring.install_model(self.state.ctx, path)
        except ModelError as exc:
            self.message.show_messages(
                [self.tr("The model was not loaded; the previous one stays in use.")]
                + [self.state.text(m) for m in exc.problems])
            return
        self.message.show_messages([self.tr("Model %1 version %2 is in use now.")
                                    .replace("%1", model.id).replace("%2", str(model.version))],
                                   warning=True)
        self.state.announce("scorecard")
