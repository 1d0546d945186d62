"""Farmer registration / edit form (登记农户).

Each field has its own error line in plain words.  Resident ID, mobile and bank card are
checked as soon as the clerk leaves the field; a valid ID fills in birth date and gender.
Nothing is saved until every error is fixed; warnings (unknown region, card failing the Luhn
check) need a tick in "I have checked these" first.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session, select

from station_app.domain import ids
from station_app.domain.farmers import CONSENT_SCOPES, FarmerInput
from station_app.domain.messages import Message
from station_app.services import farmers
from station_app.services.errors import DuplicateFarmer, NeedsConfirmation, ValidationFailed
from station_app.store.models import Station, Village
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

TEXT_FIELDS = ("name", "resident_id", "phone", "bank_card", "address_detail", "coop_name",
               "coop_uscc", "notes")


class FarmerForm(QDialog):
    saved = Signal(str)  # farmer id
    open_existing = Signal(str)  # farmer id of a duplicate

    def __init__(self, state: AppState, farmer_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.farmer_id = farmer_id
        self.base_version = 0
        self.duplicate_id: str | None = None
        self.setWindowTitle(self.tr("Edit farmer") if farmer_id else self.tr("Register a farmer"))
        self.setProperty("keepOnLock", True)  # a lock hides it; the same clerk gets it back
        self.resize(820, 900)

        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()

        def add(key: str, label: str, widget: QWidget) -> None:
            error = ErrorLabel()
            error.setObjectName(f"error_{key}")
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(label, column)
            self.errors[key] = error

        def line(key: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(placeholder)
            self.edits[key] = edit
            add(key, label, edit)
            return edit

        line("name", self.tr("Name *"), self.tr("as on the ID card"))
        line("resident_id", self.tr("Resident ID number *"), self.tr("18 characters"))
        self.gender = QComboBox()
        self.gender.setObjectName("gender")
        self.gender.addItem(self.tr("— choose —"), "")
        self.gender.addItem(self.tr("Male"), "male")
        self.gender.addItem(self.tr("Female"), "female")
        add("gender", self.tr("Gender *"), self.gender)
        self.birth_date = QDateEdit()
        self.birth_date.setObjectName("birth_date")
        self.birth_date.setDisplayFormat("yyyy-MM-dd")
        self.birth_date.setCalendarPopup(True)
        # The minimum date stands for "not entered yet"; a valid ID fills the real one in.
        self.birth_date.setDateRange(QDate(1899, 12, 31), QDate.currentDate())
        self.birth_date.setSpecialValueText(self.tr("from the ID number"))
        self.birth_date.setDate(self.birth_date.minimumDate())
        add("birth_date", self.tr("Birth date *"), self.birth_date)
        line("phone", self.tr("Mobile *"), self.tr("11 digits"))
        line("bank_card", self.tr("Bank card for loans"), self.tr("16 to 19 digits, optional"))

        self.village = QComboBox()
        self.village.setObjectName("village")
        self.village.setEditable(True)
        add("village", self.tr("Village *"), self.village)
        self.township = QLineEdit()
        self.township.setObjectName("township")
        add("township", self.tr("Township"), self.township)
        line("address_detail", self.tr("Address detail"), self.tr("group and house number"))
        self.household = QSpinBox()
        self.household.setObjectName("household_size")
        self.household.setRange(0, 30)
        self.household.setSpecialValueText(self.tr("not given"))
        add("household_size", self.tr("Household size"), self.household)
        self.education = QComboBox()
        self.education.setObjectName("education")
        for code, text in (("", self.tr("— not given —")), ("none", self.tr("No schooling")),
                           ("primary", self.tr("Primary school")),
                           ("junior", self.tr("Junior middle school")),
                           ("senior", self.tr("Senior middle / vocational")),
                           ("college", self.tr("College")),
                           ("bachelor_plus", self.tr("Bachelor or higher"))):
            self.education.addItem(text, code)
        add("education", self.tr("Education"), self.education)
        line("coop_name", self.tr("Cooperative"), self.tr("name of the farmer cooperative, if a member"))
        line("coop_uscc", self.tr("Cooperative credit code"), self.tr("18-character unified social credit code"))
        line("notes", self.tr("Notes"))

        consent_box = QGroupBox(self.tr("Consent (read each item to the farmer)"))
        consent_layout = QVBoxLayout(consent_box)
        self.consents: dict[str, QCheckBox] = {}
        for scope, message in CONSENT_SCOPES.items():
            box = QCheckBox(state.text(message))
            box.setObjectName(f"consent_{scope}")
            self.consents[scope] = box
            consent_layout.addWidget(box)
        self.form_printed = QCheckBox(self.tr("The farmer signed the printed consent form"))
        self.form_printed.setObjectName("consent_form_printed")
        consent_layout.addWidget(self.form_printed)
        self.errors["consent"] = ErrorLabel()
        self.errors["consent"].setObjectName("error_consent")
        consent_layout.addWidget(self.errors["consent"])

        self.banner = ErrorLabel()
        self.banner.setObjectName("banner")
        self.open_duplicate = BigButton(self.tr("Open the registered farmer"))
        self.open_duplicate.setObjectName("open_duplicate")
        self.open_duplicate.hide()
        self.confirm = QCheckBox(self.tr("I have checked the items marked in orange; save anyway"))
        self.confirm.setObjectName("confirm_warnings")
        self.confirm.hide()
        self.save_button = BigButton(self.tr("Save"), primary=True)
        self.save_button.setObjectName("save")
        cancel = BigButton(self.tr("Cancel"))
        self.cancel_button = cancel
        self._saving = False

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        body_layout.addWidget(consent_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.open_duplicate)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self._load_villages()
        self.edits["resident_id"].editingFinished.connect(self._check_resident_id)
        self.edits["phone"].editingFinished.connect(self._check_phone)
        self.edits["bank_card"].editingFinished.connect(self._check_card)
        self.village.currentTextChanged.connect(self._village_chosen)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.open_duplicate.clicked.connect(self._open_duplicate)
        if farmer_id:
            self._load(farmer_id)

    # -- set-up ----------------------------------------------------------------------------
    def _load_villages(self) -> None:
        with Session(self.state.db.engine) as session:
            rows = session.exec(select(Village).where(Village.deleted == False)  # noqa: E712
                                .order_by(Village.township, Village.name)).all()
            station = session.exec(select(Station)).first()
        self._townships = {v.name: v.township for v in rows}
        self._province = station.province if station else ""
        self._county = station.county if station else ""
        self.village.addItem("")
        for village in rows:
            self.village.addItem(village.name)

    def _village_chosen(self, name: str) -> None:
        if name in self._townships:
            self.township.setText(self._townships[name])

    def _load(self, farmer_id: str) -> None:
        inp, self.base_version = farmers.input_for_edit(self.state.ctx, farmer_id)
        view = farmers.get_farmer(self.state.ctx, farmer_id)
        self.edits["name"].setText(inp.name)
        self.gender.setCurrentIndex(self.gender.findData(inp.gender))
        self.birth_date.setDate(QDate(inp.birth_date.year, inp.birth_date.month, inp.birth_date.day))
        for key, masked in (("resident_id", view.resident_id_masked),
                            ("phone", view.phone_masked), ("bank_card", view.bank_card_masked)):
            self.edits[key].setPlaceholderText(
                self.tr("%1 (unchanged; type a new number to replace it)").replace("%1", masked or "—"))
        self.village.setCurrentText(inp.village)
        self.township.setText(inp.township)
        for key in ("address_detail", "coop_name", "coop_uscc", "notes"):
            self.edits[key].setText(getattr(inp, key))
        self.household.setValue(inp.household_size or 0)
        self.education.setCurrentIndex(max(0, self.education.findData(inp.education)))
        for scope, box in self.consents.items():
            box.setChecked(scope in inp.consent_scopes)
            box.setEnabled(False)  # consent changes are recorded on the farmer page
        self.form_printed.setEnabled(False)

    # -- live checks -----------------------------------------------------------------------
    def _texts(self, messages: list[Message]) -> list[str]:
        return [self.state.text(m) for m in messages]

    def _check_resident_id(self) -> None:
        text = self.edits["resident_id"].text()
        if not text.strip():
            self.errors["resident_id"].show_messages([])
            return
        result = ids.check_resident_id(text)
        if result.errors:
            self.errors["resident_id"].show_messages(self._texts(result.errors))
            return
        self.errors["resident_id"].show_messages(self._texts(result.warnings), warning=True)
        if result.birth_date:
            b = result.birth_date
            self.birth_date.setDate(QDate(b.year, b.month, b.day))
        if result.gender:
            self.gender.setCurrentIndex(self.gender.findData(result.gender))

    def _check_phone(self) -> None:
        text = self.edits["phone"].text()
        result = ids.check_mobile(text) if text.strip() else None
        self.errors["phone"].show_messages(self._texts(result.errors) if result else [])

    def _check_card(self) -> None:
        text = self.edits["bank_card"].text()
        if not text.strip():
            self.errors["bank_card"].show_messages([])
            return
        result = ids.check_bank_card(text)
        if result.errors:
            self.errors["bank_card"].show_messages(self._texts(result.errors))
        else:
            self.errors["bank_card"].show_messages(self._texts(result.warnings), warning=True)

    # -- saving ----------------------------------------------------------------------------
    def collect(self) -> FarmerInput:
        qd = self.birth_date.date()
        unset = qd == self.birth_date.minimumDate()
        editing = self.farmer_id is not None

        def sensitive(key: str) -> str | None:
            text = self.edits[key].text().strip()
            return None if editing and not text else text

        return FarmerInput(
            name=self.edits["name"].text(), gender=self.gender.currentData() or "",
            birth_date=None if unset else date(qd.year(), qd.month(), qd.day()),
            resident_id=sensitive("resident_id"), phone=sensitive("phone"),
            bank_card=sensitive("bank_card"), province=self._province, county=self._county,
            township=self.township.text(), village=self.village.currentText(),
            address_detail=self.edits["address_detail"].text(),
            household_size=self.household.value() or None,
            education=self.education.currentData() or "",
            coop_name=self.edits["coop_name"].text(), coop_uscc=self.edits["coop_uscc"].text(),
            notes=self.edits["notes"].text(),
            consent_scopes=[s for s, box in self.consents.items() if box.isChecked()],
            consent_form_printed=self.form_printed.isChecked(),
        )

    def _clear_messages(self) -> None:
        for label in self.errors.values():
            label.show_messages([])
        self.banner.show_messages([])
        self.open_duplicate.hide()

    def save(self) -> None:
        inp = self.collect()
        confirmed = self.confirm.isVisible() and self.confirm.isChecked()
        ctx = self.state.ctx
        self._clear_messages()
        self.save_button.setEnabled(False)
        if self.farmer_id:
            farmer_id, version = self.farmer_id, self.base_version

            def work():
                farmers.update_farmer(ctx, farmer_id, inp, base_version=version, confirmed=confirmed)
                return farmer_id
        else:
            def work():
                return farmers.register_farmer(ctx, inp, confirmed=confirmed)
        self._saving = True
        self.cancel_button.setEnabled(False)
        self.state.runner.run(work, self._saved, self._failed, owner=self)

    def reject(self) -> None:
        # Closing mid-save would drop the result (and the list refresh); finish first.
        if not self._saving:
            super().reject()

    def _saved(self, farmer_id: str) -> None:
        self._saving = False
        self.cancel_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.state.announce("farmer")
        self.saved.emit(farmer_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.cancel_button.setEnabled(True)
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            for key, messages in exc.warnings.items():
                if key in self.errors:
                    self.errors[key].show_messages(self._texts(messages), warning=True)
            for key, messages in exc.fields.items():
                label = self.errors.get(key, self.banner)
                label.show_messages(self._texts(messages))
            self.banner.show_messages([self.state.text(exc.message)])
            first = next((self.edits[k] for k in exc.fields if k in self.edits), None)
            if first is not None:
                first.setFocus()
        elif isinstance(exc, NeedsConfirmation):
            for key, messages in exc.warnings.items():
                self.errors.get(key, self.banner).show_messages(self._texts(messages), warning=True)
            self.banner.show_messages([self.state.text(exc.message)], warning=True)
            self.confirm.show()
        elif isinstance(exc, DuplicateFarmer):
            self.duplicate_id = exc.existing_id
            self.errors["resident_id"].show_messages([self.state.text(exc.message)])
            self.banner.show_messages([self.state.text(exc.message)])
            self.open_duplicate.show()
        else:
            self.state.errors.report(exc, self)

    def _open_duplicate(self) -> None:
        if self.duplicate_id:
            self.open_existing.emit(self.duplicate_id)
            self.reject()
