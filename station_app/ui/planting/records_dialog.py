"""收获和投入: the harvests and input costs recorded for one season, to correct a mistyped
harvest or remove one entered twice (the season table only shows their totals)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.planting import COST_CATEGORIES
from station_app.services import planting
from station_app.services.planting import CostRow, HarvestRow, SeasonRow
from station_app.ui.forms import plain
from station_app.ui.planting.forms import HarvestForm
from station_app.ui.planting.tables import fill_table, selection_table
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton


class SeasonRecordsDialog(QDialog):
    changed = Signal()  # a harvest or cost was corrected or removed

    def __init__(self, state: AppState, season: SeasonRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.season = season
        self.harvests: list[HarvestRow] = []
        self.costs: list[CostRow] = []
        self.setObjectName("season_records")
        self.setWindowTitle(self.tr("Harvests and costs: %1, planted %2")
                            .replace("%1", season.crop_name(state.language))
                            .replace("%2", season.planting_date.isoformat()))
        self.resize(760, 560)
        hint = QLabel(self.tr("Choose a line to correct or delete it. Everything changed is "
                              "kept in the record's history."), objectName="hint")
        hint.setWordWrap(True)

        self.harvest_table = selection_table("harvests_table", [
            self.tr("Harvested on"), self.tr("Yield (kg)"), self.tr("Sold online (%)"),
            self.tr("Quality pass rate (%)"), self.tr("Notes")])
        self.edit_harvest_button = BigButton(self.tr("Correct harvest…"))
        self.edit_harvest_button.setObjectName("edit_harvest")
        self.delete_harvest_button = BigButton(self.tr("Delete harvest"))
        self.delete_harvest_button.setObjectName("delete_harvest")
        harvests_box = QGroupBox(self.tr("Harvests"))
        harvests_layout = QVBoxLayout(harvests_box)
        harvests_layout.addWidget(self.harvest_table)
        harvests_layout.addLayout(self._row(self.delete_harvest_button, self.edit_harvest_button))

        self.cost_table = selection_table("costs_table", [
            self.tr("Date"), self.tr("Spent on"), self.tr("Amount (yuan)"), self.tr("Notes")])
        self.delete_cost_button = BigButton(self.tr("Delete cost"))
        self.delete_cost_button.setObjectName("delete_cost")
        costs_box = QGroupBox(self.tr("Input costs"))
        costs_layout = QVBoxLayout(costs_box)
        costs_layout.addWidget(self.cost_table)
        costs_layout.addLayout(self._row(self.delete_cost_button))

        close = BigButton(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(harvests_box, 1)
        layout.addWidget(costs_box, 1)
        layout.addLayout(self._row(close))

        self.edit_harvest_button.clicked.connect(self.edit_harvest)
        self.delete_harvest_button.clicked.connect(self.delete_harvest)
        self.delete_cost_button.clicked.connect(self.delete_cost)
        self.harvest_table.itemSelectionChanged.connect(self._update_buttons)
        self.cost_table.itemSelectionChanged.connect(self._update_buttons)
        close.clicked.connect(self.accept)
        self.reload()

    @staticmethod
    def _row(*buttons: BigButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        return row

    def reload(self) -> None:
        ctx = self.state.ctx
        try:
            self.harvests = planting.list_harvests(ctx, self.season.id)
            self.costs = planting.list_input_costs(ctx, self.season.id)
        except Exception as exc:  # noqa: BLE001 - e.g. the season was deleted meanwhile
            self.harvests, self.costs = [], []
            self.state.errors.report(exc, self)
        fill_table(self.harvest_table, [[
            h.harvested_on.isoformat(), plain(h.yield_kg), plain(h.sold_online_percent),
            "—" if h.quality_pass_percent is None else plain(h.quality_pass_percent), h.notes]
            for h in self.harvests])
        fill_table(self.cost_table, [[
            c.spent_on.isoformat(), self._category(c.category), f"{c.amount_yuan:,.2f}", c.notes]
            for c in self.costs])
        self._update_buttons()

    def _category(self, code: str) -> str:
        label = COST_CATEGORIES.get(code)
        return self.state.text(label) if label is not None else code

    def _update_buttons(self) -> None:
        has_harvest = self.current_harvest() is not None
        self.edit_harvest_button.setEnabled(has_harvest)
        self.delete_harvest_button.setEnabled(has_harvest)
        self.delete_cost_button.setEnabled(self.current_cost() is not None)

    def current_harvest(self) -> HarvestRow | None:
        row = self.harvest_table.currentRow()
        return self.harvests[row] if 0 <= row < len(self.harvests) else None

    def current_cost(self) -> CostRow | None:
        row = self.cost_table.currentRow()
        return self.costs[row] if 0 <= row < len(self.costs) else None

    # --- actions ------------------------------------------------------------------------
    def edit_harvest(self) -> HarvestForm | None:
        harvest = self.current_harvest()
        if harvest is None:
            return None
        form = HarvestForm(self.state, self.season, harvest, parent=self)
        form.accepted.connect(self._changed)
        form.open()
        return form

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Please confirm"), text)
        return answer == QMessageBox.StandardButton.Yes

    def delete_harvest(self) -> None:
        harvest = self.current_harvest()
        if harvest is None or not self._confirm(
                self.tr("Delete the harvest of %1 (%2 kg)?")
                .replace("%1", harvest.harvested_on.isoformat())
                .replace("%2", plain(harvest.yield_kg))):
            return
        try:
            planting.delete_harvest(self.state.ctx, harvest.id, base_version=harvest.version)
        except Exception as exc:  # noqa: BLE001 - changed elsewhere meanwhile: say so plainly
            self.state.errors.report(exc, self)
            return
        self.state.announce("harvest")
        self._changed()

    def delete_cost(self) -> None:
        cost = self.current_cost()
        if cost is None or not self._confirm(
                self.tr("Delete the cost of %1 yuan (%2, %3)?")
                .replace("%1", f"{cost.amount_yuan:,.2f}")
                .replace("%2", self._category(cost.category))
                .replace("%3", cost.spent_on.isoformat())):
            return
        try:
            planting.delete_input_cost(self.state.ctx, cost.id, base_version=cost.version)
        except Exception as exc:  # noqa: BLE001
            self.state.errors.report(exc, self)
            return
        self.state.announce("input_cost")
        self._changed()

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()
