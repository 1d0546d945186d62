"""Dialogs for a farmer's plots, planting seasons, harvests and input costs."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from station_app.domain.crops import phase_dates
from station_app.domain.planting import (
    COST_CATEGORIES,
    CostInput,
    HarvestInput,
    PlotInput,
    SeasonInput,
    check_cost,
    check_harvest,
    check_plot,
    check_season,
)
from station_app.services import planting, reference
from station_app.services.planting import HarvestRow, PlotRow, SeasonRow
from station_app.ui.forms import RecordDialog, date_edit, decimal_edit, from_qdate, plain, to_qdate
from station_app.ui.state import AppState


class PlotForm(RecordDialog):
    announces = "plot"

    def __init__(self, state: AppState, farmer_id: str, plot: PlotRow | None = None,
                 *, village: str = "", parent: QWidget | None = None) -> None:
        super().__init__(state, self.tr("Edit plot") if plot else self.tr("Add a plot"), parent)
        self.farmer_id = farmer_id
        self.plot = plot
        self.name = self.row("name", self.tr("Name *"), QLineEdit(objectName="name"),
                             self.tr("Something the farmer recognises, e.g. “paddy east of the village”."))
        self.area = self.row("area_mu", self.tr("Area (mu) *"), decimal_edit("area_mu", "2.5"))
        self.village = self.row("village", self.tr("Village"), QLineEdit(objectName="village"))
        self.latitude = decimal_edit("latitude", self.tr("latitude, e.g. 34.16"))
        self.longitude = decimal_edit("longitude", self.tr("longitude, e.g. 108.90"))
        self.row("location", self.tr("Location"), self._pair(self.latitude, self.longitude),
                 self.tr("Optional. From a phone map: latitude first, then longitude."))
        self.certificate = self.row("land_certificate_no", self.tr("Land contract certificate no."),
                                    QLineEdit(objectName="land_certificate_no"))
        self.notes = self.row("notes", self.tr("Notes"), QLineEdit(objectName="notes"))
        if plot:
            self.name.setText(plot.name)
            self.area.setText(plain(plot.area_mu))
            self.village.setText(plot.village)
            self.latitude.setText("" if plot.latitude is None else str(plot.latitude))
            self.longitude.setText("" if plot.longitude is None else str(plot.longitude))
            self.certificate.setText(plot.land_certificate_no)
            self.notes.setText(plot.notes)
        else:
            self.village.setText(village)

    @staticmethod
    def _pair(first: QWidget, second: QWidget) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(first)
        layout.addWidget(second)
        return box

    def collect(self, problems: dict[str, list[str]]) -> PlotInput:
        lat = self.number("location", self.latitude, problems)
        lon = self.number("location", self.longitude, problems)
        return PlotInput(name=self.name.text(), area_mu=self.number("area_mu", self.area, problems),
                         village=self.village.text(), latitude=None if lat is None else float(lat),
                         longitude=None if lon is None else float(lon),
                         land_certificate_no=self.certificate.text(), notes=self.notes.text())

    def check(self, data: PlotInput) -> dict:  # type: ignore[override]
        return check_plot(data)

    def commit(self, data: PlotInput) -> str:  # type: ignore[override]
        if self.plot:
            planting.update_plot(self.state.ctx, self.plot.id, data, base_version=self.plot.version)
            return self.plot.id
        return planting.add_plot(self.state.ctx, self.farmer_id, data)


class SeasonForm(RecordDialog):
    """Choosing the crop and the planting date proposes the expected harvest date, yield and
    price from the crop calendar; whatever the clerk typed over a proposal is kept."""

    announces = "season"

    def __init__(self, state: AppState, plots: list[PlotRow], season: SeasonRow | None = None,
                 *, parent: QWidget | None = None) -> None:
        super().__init__(state, self.tr("Edit planting season") if season
                         else self.tr("Add a planting season"), parent)
        self.season = season
        self.plots = {p.id: p for p in plots}
        self.calendar = reference.active_calendar(state.db)
        self.plot = self.row("plot", self.tr("Plot *"), QComboBox(objectName="plot"))
        for p in plots:
            self.plot.addItem(self.tr("%1 (%2 mu)").replace("%1", p.name).replace("%2", plain(p.area_mu)), p.id)
        self.crop = self.row("crop_code", self.tr("Crop *"), QComboBox(objectName="crop"))
        for code in self.calendar.codes:
            self.crop.addItem(self.calendar[code].name(state.language), code)
        self.variety = self.row("variety", self.tr("Variety"), QLineEdit(objectName="variety"))
        self.planted = self.row("planting_date", self.tr("Planting date *"), date_edit("planting_date"))
        self.area = self.row("area_mu", self.tr("Area planted (mu) *"), decimal_edit("area_mu"))
        self.harvest = self.row("expected_harvest_date", self.tr("Expected harvest"),
                                date_edit("expected_harvest_date"))
        self.yield_edit = self.row("expected_yield_kg_per_mu", self.tr("Expected yield (kg per mu)"),
                                   decimal_edit("expected_yield_kg_per_mu"))
        self.price = self.row("expected_price_yuan_per_kg", self.tr("Expected price (yuan per kg)"),
                              decimal_edit("expected_price_yuan_per_kg"))
        self.notes = self.row("notes", self.tr("Notes"), QLineEdit(objectName="notes"))
        self.calendar_hint = QLabel(objectName="hint")
        self.calendar_hint.setWordWrap(True)
        self.form.addRow(self.calendar_hint)
        # What the calendar last proposed; a field still showing it follows new proposals.
        self._proposed: dict[str, str] = {}
        self._area_proposed = ""
        if season:
            self.plot.setCurrentIndex(max(0, self.plot.findData(season.plot_id)))
            self.crop.setCurrentIndex(max(0, self.crop.findData(season.crop_code)))
            self.variety.setText(season.variety)
            self.planted.setDate(to_qdate(season.planting_date))
            self.area.setText(plain(season.area_mu))
            self.harvest.setDate(to_qdate(season.expected_harvest_date))
            self.yield_edit.setText(plain(season.expected_yield_kg_per_mu))
            self.price.setText(plain(season.expected_price_yuan_per_kg))
            self.notes.setText(season.notes)
            self._proposed = {"harvest": "", "yield": "", "price": ""}
            self._describe()
        else:
            self._plot_chosen()
            self._propose()
        self.plot.currentIndexChanged.connect(self._plot_chosen)
        self.crop.currentIndexChanged.connect(self._propose)
        self.planted.dateChanged.connect(self._propose)

    def _plot_chosen(self, *_args: object) -> None:
        plot = self.plots.get(self.plot.currentData())
        if plot and self.area.text().strip() in ("", self._area_proposed):
            self._area_proposed = plain(plot.area_mu)
            self.area.setText(self._area_proposed)

    def _propose(self, *_args: object) -> None:
        code = self.crop.currentData()
        if not code:
            return
        values = planting.crop_defaults(self.state.ctx, code, from_qdate(self.planted.date()))
        harvest = values["expected_harvest_date"]
        fields = {"harvest": (self.harvest, harvest.isoformat()),  # type: ignore[union-attr]
                  "yield": (self.yield_edit, plain(values["expected_yield_kg_per_mu"])),  # type: ignore[arg-type]
                  "price": (self.price, plain(values["expected_price_yuan_per_kg"]))}  # type: ignore[arg-type]
        for key, (widget, text) in fields.items():
            current = (widget.date().toString("yyyy-MM-dd") if key == "harvest"
                       else widget.text().strip())  # type: ignore[union-attr]
            if key not in self._proposed or current in ("", self._proposed[key]):
                if key == "harvest":
                    self.harvest.setDate(to_qdate(harvest))  # type: ignore[arg-type]
                else:
                    widget.setText(text)  # type: ignore[union-attr]
                self._proposed[key] = text
        self._describe()

    def _describe(self) -> None:
        crop = self.calendar.get(self.crop.currentData())
        if crop is None:
            self.calendar_hint.clear()
            return
        start = from_qdate(self.planted.date())
        phases = "；".join(f"{phase.name(self.state.language)} {first:%m-%d}–{last:%m-%d}"
                          for phase, first, last in phase_dates(crop, start))
        self.calendar_hint.setText(
            self.tr("Crop calendar: %1 days from %2 to harvest. Phases: %3")
            .replace("%1", str(crop.growth_days))
            .replace("%2", crop.start_event_en if self.state.language.startswith("en") else crop.start_event_zh)
            .replace("%3", phases))

    def collect(self, problems: dict[str, list[str]]) -> SeasonInput:
        return SeasonInput(
            crop_code=self.crop.currentData() or "", planting_date=from_qdate(self.planted.date()),
            area_mu=self.number("area_mu", self.area, problems),
            expected_harvest_date=from_qdate(self.harvest.date()),
            expected_yield_kg_per_mu=self.number("expected_yield_kg_per_mu", self.yield_edit, problems),
            expected_price_yuan_per_kg=self.number("expected_price_yuan_per_kg", self.price, problems),
            variety=self.variety.text(), notes=self.notes.text())

    def check(self, data: SeasonInput) -> dict:  # type: ignore[override]
        plot = self.plots.get(self.plot.currentData())
        errors = check_season(data, self.calendar.get(data.crop_code),
                              plot_area_mu=plot.area_mu if plot else data.area_mu or 0,  # type: ignore[arg-type]
                              today=date.today())
        if plot is None:
            errors["plot"] = [planting.NO_PLOT_CHOSEN]
        return errors

    def commit(self, data: SeasonInput) -> str:  # type: ignore[override]
        if self.season:
            planting.update_season(self.state.ctx, self.season.id, data,
                                   base_version=self.season.version)
            return self.season.id
        return planting.add_season(self.state.ctx, self.plot.currentData(), data)


class HarvestForm(RecordDialog):
    announces = "harvest"

    def __init__(self, state: AppState, season: SeasonRow, harvest: HarvestRow | None = None,
                 *, parent: QWidget | None = None) -> None:
        title = (self.tr("Correct a harvest: %1") if harvest else self.tr("Record a harvest: %1")
                 ).replace("%1", season.crop_name(state.language))
        super().__init__(state, title, parent)
        self.season = season
        self.harvest = harvest
        self.day = self.row("harvested_on", self.tr("Harvested on *"), date_edit("harvested_on"))
        self.kg = self.row("yield_kg", self.tr("Yield (kg) *"), decimal_edit("yield_kg"),
                           self.tr("Expected for this season: %1 kg").replace(
                               "%1", plain(season.expected_total_kg)))
        self.online = self.row("sold_online_percent", self.tr("Sold online (%) *"),
                               decimal_edit("sold_online_percent", "60"),
                               self.tr("Share of this harvest sold through the farmer's online shops."))
        self.quality = self.row("quality_pass_percent", self.tr("Quality pass rate (%)"),
                                decimal_edit("quality_pass_percent"),
                                self.tr("Leave empty if the harvest was not inspected."))
        self.notes = self.row("notes", self.tr("Notes"), QLineEdit(objectName="notes"))
        if harvest:
            self.day.setDate(to_qdate(harvest.harvested_on))
            self.kg.setText(plain(harvest.yield_kg))
            self.online.setText(plain(harvest.sold_online_percent))
            self.quality.setText(plain(harvest.quality_pass_percent))
            self.notes.setText(harvest.notes)

    def collect(self, problems: dict[str, list[str]]) -> HarvestInput:
        return HarvestInput(
            harvested_on=from_qdate(self.day.date()), yield_kg=self.number("yield_kg", self.kg, problems),
            sold_online_percent=self.number("sold_online_percent", self.online, problems),
            quality_pass_percent=self.number("quality_pass_percent", self.quality, problems),
            notes=self.notes.text())

    def check(self, data: HarvestInput) -> dict:  # type: ignore[override]
        return check_harvest(data, planting_date=self.season.planting_date, today=date.today())

    def commit(self, data: HarvestInput) -> str:  # type: ignore[override]
        if self.harvest:
            planting.update_harvest(self.state.ctx, self.harvest.id, data,
                                    base_version=self.harvest.version)
            return self.harvest.id
        return planting.record_harvest(self.state.ctx, self.season.id, data)


class CostForm(RecordDialog):
    announces = "input_cost"

    def __init__(self, state: AppState, season: SeasonRow, *, parent: QWidget | None = None) -> None:
        title = self.tr("Add an input cost: %1").replace("%1", season.crop_name(state.language))
        super().__init__(state, title, parent)
        self.season = season
        self.category = self.row("category", self.tr("Spent on *"), QComboBox(objectName="category"))
        for code, label in COST_CATEGORIES.items():
            self.category.addItem(state.text(label), code)
        self.day = self.row("spent_on", self.tr("Date *"), date_edit("spent_on"))
        self.amount = self.row("amount_yuan", self.tr("Amount (yuan) *"), decimal_edit("amount_yuan"))
        self.notes = self.row("notes", self.tr("Notes"), QLineEdit(objectName="notes"))

    def collect(self, problems: dict[str, list[str]]) -> CostInput:
        return CostInput(category=self.category.currentData(), spent_on=from_qdate(self.day.date()),
                         amount_yuan=self.number("amount_yuan", self.amount, problems),
                         notes=self.notes.text())

    def check(self, data: CostInput) -> dict:  # type: ignore[override]
        return check_cost(data, today=date.today())

    def commit(self, data: CostInput) -> str:  # type: ignore[override]
        return planting.add_input_cost(self.state.ctx, self.season.id, data)
