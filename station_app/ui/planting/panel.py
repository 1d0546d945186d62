"""The farmer page's planting tab: plots, seasons (with harvests and costs) and the farm
indicators the credit score will use."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.services import planting
from station_app.services.planting import PlotRow, SeasonRow
from station_app.ui.forms import plain
from station_app.ui.planting.forms import CostForm, HarvestForm, PlotForm, SeasonForm
from station_app.ui.planting.records_dialog import SeasonRecordsDialog
from station_app.ui.planting.tables import fill_table, selection_table
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, button_grid


class PlantingPanel(QWidget):
    changed = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id: str | None = None
        self.village = ""
        self.plots: list[PlotRow] = []
        self.seasons: list[SeasonRow] = []
        self.summary = QLabel(objectName="farm_summary")
        self.summary.setWordWrap(True)

        self.plot_table = selection_table("plots_table", [
            self.tr("Plot"), self.tr("Area (mu)"), self.tr("Village"),
            self.tr("Certificate no."), self.tr("Seasons")])
        self.plot_table.setMaximumHeight(170)
        self.add_plot_button = BigButton(self.tr("Add plot"))
        self.add_plot_button.setObjectName("add_plot")
        self.edit_plot_button = BigButton(self.tr("Edit plot"))
        self.edit_plot_button.setObjectName("edit_plot")
        self.delete_plot_button = BigButton(self.tr("Delete plot"))
        self.delete_plot_button.setObjectName("delete_plot")
        plots_box = QGroupBox(self.tr("Plots"))
        plots_layout = QVBoxLayout(plots_box)
        plots_layout.addWidget(self.plot_table)
        plots_layout.addLayout(button_grid(self.delete_plot_button, self.edit_plot_button,
                                             self.add_plot_button))

        self.season_table = selection_table("seasons_table", [
            self.tr("Crop"), self.tr("Plot"), self.tr("Planted"), self.tr("Expected harvest"),
            self.tr("Mu"), self.tr("Expected kg"), self.tr("Harvested kg"), self.tr("Online %"),
            self.tr("Quality %"), self.tr("Costs (yuan)")])
        self.add_season_button = BigButton(self.tr("Add season"))
        self.add_season_button.setObjectName("add_season")
        self.edit_season_button = BigButton(self.tr("Edit season"))
        self.edit_season_button.setObjectName("edit_season")
        self.delete_season_button = BigButton(self.tr("Delete season"))
        self.delete_season_button.setObjectName("delete_season")
        self.harvest_button = BigButton(self.tr("Record harvest"), primary=True)
        self.harvest_button.setObjectName("record_harvest")
        self.cost_button = BigButton(self.tr("Add cost"))
        self.cost_button.setObjectName("add_cost")
        self.records_button = BigButton(self.tr("Harvests and costs…"))
        self.records_button.setObjectName("season_records")
        seasons_box = QGroupBox(self.tr("Planting seasons"))
        seasons_layout = QVBoxLayout(seasons_box)
        seasons_layout.addWidget(self.season_table)
        seasons_layout.addLayout(button_grid(self.records_button, self.delete_season_button,
                                               self.edit_season_button, self.cost_button,
                                               self.harvest_button, self.add_season_button))

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(plots_box)
        layout.addWidget(seasons_box, 1)

        self.add_plot_button.clicked.connect(self.add_plot)
        self.edit_plot_button.clicked.connect(self.edit_plot)
        self.delete_plot_button.clicked.connect(self.delete_plot)
        self.add_season_button.clicked.connect(self.add_season)
        self.edit_season_button.clicked.connect(self.edit_season)
        self.delete_season_button.clicked.connect(self.delete_season)
        self.harvest_button.clicked.connect(self.record_harvest)
        self.cost_button.clicked.connect(self.add_cost)
        self.records_button.clicked.connect(self.open_records)
        self.plot_table.itemSelectionChanged.connect(self._update_buttons)
        self.season_table.itemSelectionChanged.connect(self._update_buttons)

    # --- loading --------------------------------------------------------------------------

    def show_farmer(self, farmer_id: str | None, *, village: str = "") -> None:
        self.farmer_id = farmer_id
        self.village = village
        self.reload()

    def reload(self) -> None:
        self.plots, self.seasons = [], []
        overview = None
        if self.farmer_id and self.state.actor is not None:
            try:
                ctx = self.state.ctx
                self.plots = planting.list_plots(ctx, self.farmer_id)
                self.seasons = planting.list_seasons(ctx, self.farmer_id)
                overview = planting.overview_of(self.plots, self.seasons)
            except Exception as exc:  # noqa: BLE001 - deleted meanwhile, or not allowed
                self.state.errors.report(exc, self)
        fill_table(self.plot_table, [[p.name, plain(p.area_mu), p.village, p.land_certificate_no or "—",
                                 str(p.seasons)] for p in self.plots])
        language = self.state.language
        fill_table(self.season_table, [[
            s.crop_name(language) + (f"（{s.variety}）" if s.variety else ""), s.plot_name,
            s.planting_date.isoformat(), s.expected_harvest_date.isoformat(), plain(s.area_mu),
            plain(s.expected_total_kg), "—" if s.harvested_kg is None else plain(s.harvested_kg),
            self._online(s), "—" if s.quality_pass_percent is None else plain(s.quality_pass_percent),
            f"{s.input_cost_yuan:,.2f}"] for s in self.seasons])
        self.summary.setText(self._summary(overview) if overview else "")
        self._update_buttons()

    @staticmethod
    def _online(season: SeasonRow) -> str:
        if not season.harvested_kg:
            return "—"
        return plain((season.sold_online_kg * 100 / season.harvested_kg).quantize(Decimal("0.1")))

    def _summary(self, o: planting.FarmIndicators) -> str:
        parts = [self.tr("Land: %1 mu").replace("%1", plain(o.planted_area_mu)),
                 self.tr("Seasons in the last 12 months: %1").replace("%1", str(o.seasons_recent))]
        if o.harvest_stability is not None:
            parts.append(self.tr("Harvest stability: %1").replace("%1", plain(o.harvest_stability)))
        if o.online_share is not None:
            parts.append(self.tr("Sold online: %1%").replace("%1", plain(o.online_share)))
        if o.quality_pass_rate is not None:
            text = self.tr("Quality pass rate: %1%").replace("%1", plain(o.quality_pass_rate))
            if o.quality_change is not None:
                text += self.tr(" (%1% against the season before)").replace(
                    "%1", ("+" if o.quality_change > 0 else "") + plain(o.quality_change))
            parts.append(text)
        return " · ".join(parts)

    def _update_buttons(self) -> None:
        may = self.state.can(Permission.SALES_WRITE) and self.farmer_id is not None
        for button in (self.add_plot_button, self.edit_plot_button, self.delete_plot_button,
                       self.add_season_button, self.edit_season_button, self.delete_season_button,
                       self.harvest_button, self.cost_button, self.records_button):
            button.setVisible(may)
        has_plot = self.current_plot() is not None
        has_season = self.current_season() is not None
        self.edit_plot_button.setEnabled(has_plot)
        self.delete_plot_button.setEnabled(has_plot)
        self.add_season_button.setEnabled(bool(self.plots))
        for button in (self.edit_season_button, self.delete_season_button, self.harvest_button,
                       self.cost_button, self.records_button):
            button.setEnabled(has_season)

    def current_plot(self) -> PlotRow | None:
        row = self.plot_table.currentRow()
        return self.plots[row] if 0 <= row < len(self.plots) else None

    def current_season(self) -> SeasonRow | None:
        row = self.season_table.currentRow()
        return self.seasons[row] if 0 <= row < len(self.seasons) else None

    # --- actions (each opens a dialog; tests drive the returned dialog) -------------------

    def _open(self, dialog: QWidget) -> QWidget:
        dialog.accepted.connect(self._saved)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()

    def add_plot(self) -> PlotForm | None:
        if not self.farmer_id:
            return None
        return self._open(PlotForm(self.state, self.farmer_id, village=self.village, parent=self))  # type: ignore[return-value]

    def edit_plot(self) -> PlotForm | None:
        plot = self.current_plot()
        if not (self.farmer_id and plot):
            return None
        return self._open(PlotForm(self.state, self.farmer_id, plot, parent=self))  # type: ignore[return-value]

    def add_season(self) -> SeasonForm | None:
        if not self.plots:
            return None
        dialog = SeasonForm(self.state, self.plots, parent=self)
        plot = self.current_plot()
        if plot:
            dialog.plot.setCurrentIndex(max(0, dialog.plot.findData(plot.id)))
        return self._open(dialog)  # type: ignore[return-value]

    def edit_season(self) -> SeasonForm | None:
        season = self.current_season()
        if not season:
            return None
        return self._open(SeasonForm(self.state, self.plots, season, parent=self))  # type: ignore[return-value]

    def record_harvest(self) -> HarvestForm | None:
        season = self.current_season()
        if not season:
            return None
        return self._open(HarvestForm(self.state, season, parent=self))  # type: ignore[return-value]

    def add_cost(self) -> CostForm | None:
        season = self.current_season()
        if not season:
            return None
        return self._open(CostForm(self.state, season, parent=self))  # type: ignore[return-value]

    def open_records(self) -> SeasonRecordsDialog | None:
        """The season's harvests and costs, to correct or delete one."""
        season = self.current_season()
        if not season:
            return None
        dialog = SeasonRecordsDialog(self.state, season, parent=self)
        dialog.changed.connect(self._saved)
        dialog.open()
        return dialog

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Please confirm"), text)
        return answer == QMessageBox.StandardButton.Yes

    def delete_plot(self) -> None:
        plot = self.current_plot()
        if not plot or not self._confirm(self.tr("Delete the plot “%1”?").replace("%1", plot.name)):
            return
        try:
            planting.delete_plot(self.state.ctx, plot.id, base_version=plot.version)
        except Exception as exc:  # noqa: BLE001 - e.g. it still has seasons: say so plainly
            self.state.errors.report(exc, self)
            return
        self.state.announce("plot")
        self._saved()

    def delete_season(self) -> None:
        season = self.current_season()
        if not season:
            return
        text = self.tr("Delete the %1 season planted on %2, with its harvests and costs?") \
            .replace("%1", season.crop_name(self.state.language)) \
            .replace("%2", season.planting_date.isoformat())
        if not self._confirm(text):
            return
        try:
            planting.delete_season(self.state.ctx, season.id, base_version=season.version)
        except Exception as exc:  # noqa: BLE001
            self.state.errors.report(exc, self)
            return
        self.state.announce("season")
        self._saved()
