"""Insurance applications and policies as a list: all of them (the 保险 page, where the
branch issues policies) or one farmer's (the farmer page's insurance tab).  Opening the list
on a station computer first makes the claims that are due (``run_claims``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from station_app.domain.insurance.policy import PolicyState
from station_app.services import insurance_documents, insurance_policies as policies
from station_app.services.insurance_policies import PolicyView
from station_app.ui.insurance.policy_dialog import PolicyDialog
from station_app.ui.record_list import RecordList, RecordScreen
from station_app.ui.state import AppState
from station_app.ui.widgets import local_time

FILTERS: dict[str, frozenset[PolicyState] | None] = {
    "waiting": frozenset({PolicyState.SUBMITTED}),
    "issued": frozenset({PolicyState.ISSUED}),
    "all": None,
}


class PoliciesList(RecordList):
    """The table and its filter; ``farmer_id`` None lists every policy here."""

    name = "policies"
    announces = "insurance_application"
    decide_filter = "waiting"
    right_columns = frozenset({4, 5, 7})
    views: list[PolicyView]

    def count_text(self, count: int) -> str:
        return self.tr("%1 policies").replace("%1", str(count))

    def filters(self) -> list[tuple[str, str]]:
        return [("waiting", self.tr("Waiting for the policy")),
                ("issued", self.tr("Policies in force"))]

    def columns(self) -> list[str]:
        return [self.tr("Filed"), self.tr("Farmer"), self.tr("Product"), self.tr("Season"),
                self.tr("Area (mu)"), self.tr("Farmer pays"), self.tr("State"),
                self.tr("Paid out")]

    def above_table(self) -> list[QWidget]:
        self.claims_note = QLabel(objectName="policies_claims_note")
        self.claims_note.setWordWrap(True)
        return [self.claims_note]

    def make_claims(self) -> policies.ClaimRun | None:
        """Make the claims that are due, with their notices (station computers; idempotent;
        also done automatically after log-in, ``ui/insurance/automatic_claims.py``)."""
        try:
            due = insurance_documents.make_due_claims(self.state.ctx)
        except Exception as exc:  # noqa: BLE001 - through the error channel
            self.state.errors.report(exc, self)
            return None
        notes = []
        if due.run.created:
            notes.append(self.tr("%1 new claim(s) computed from the weather data.").replace(
                "%1", str(len(due.run.created))))
        for path in due.notices:
            notes.append(self.tr("Claim notice ready to print: %1").replace("%1", str(path)))
        for _policy, reason in due.notice_failures:
            notes.append(reason)
        for policy_no, section, missing in due.run.incomplete:
            notes.append(self.tr("Policy %1, %2: the weather data is incomplete (%3 day(s) missing); the claim waits for it.")  # noqa: E501
                         .replace("%1", policy_no).replace("%2", section)
                         .replace("%3", str(len(missing))))
        self.claims_note.setText("\n".join(notes))
        self.claims_note.setVisible(bool(notes))
        return due.run

    def load(self, key: str) -> list[PolicyView]:
        run = self.make_claims()
        if run is not None and run.created:
            self.announce_own("insurance_claim")  # loans repaid by payouts etc.
        wanted = FILTERS[key]
        views = policies.list_policies(self.state.ctx, farmer_id=self.farmer_id)
        return [v for v in views if wanted is None or v.state in wanted]

    def cells(self, view: PolicyView) -> list[str]:
        return [local_time(view.filed_at), view.farmer_name,
                view.product.name(self.state.language), str(view.season_year),
                str(view.insured_mu), self._money(view.farmer_pays),
                self.state.text(view.state.label), self._money(view.paid_out)]

    def make_dialog(self, view: PolicyView) -> PolicyDialog:
        return PolicyDialog(self.state, view.id, self)


class InsuranceScreen(RecordScreen):
    """The 保险 page of the navigation."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Insurance"),
            self.tr("Weather-index insurance applied for at the station and the policies issued. When a covered period is over and its weather data is complete, the claim is computed by itself."),  # noqa: E501
            PoliciesList(state), parent)
