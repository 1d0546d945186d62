"""Record or edit a training session (培训记录): date, topic, tutor, place, length, notes.

Each field has its own error line in plain words; on an error nothing typed is lost."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import training as rules
from station_app.services import training
from station_app.services.errors import ValidationFailed
from station_app.services.training import SessionRow
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

FIELDS = ("held_on", "topic", "tutor_name", "location", "duration_minutes", "notes")


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class SessionForm(QDialog):
    saved = Signal(str)  # session id

    def __init__(self, state: AppState, session: SessionRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.session = session
        self._saving = False
        self.setWindowTitle(self.tr("Edit training session") if session
                            else self.tr("New training session"))
        self.setProperty("keepOnLock", True)  # a lock hides it; the same person gets it back
        self.resize(640, 620)

        self.held_on = QDateEdit()
        self.held_on.setObjectName("held_on")
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.held_on.setCalendarPopup(True)
        today = QDate.currentDate()
        latest = max(today, to_qdate(session.held_on)) if session else today
        self.held_on.setDateRange(QDate(2000, 1, 1), latest)
        self.held_on.setDate(to_qdate(session.held_on) if session else today)
        self.topic = QLineEdit()
        self.topic.setObjectName("topic")
        self.topic.setMaxLength(rules.TOPIC_MAX)
        self.topic.setPlaceholderText(self.tr("for example: Selling apples on Pinduoduo"))
        self.tutor_name = QLineEdit()
        self.tutor_name.setObjectName("tutor_name")
        self.tutor_name.setMaxLength(rules.TUTOR_MAX)
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setMaxLength(rules.LOCATION_MAX)
        self.location.setPlaceholderText(self.tr("for example: village committee hall"))
        self.minutes = QSpinBox()
        self.minutes.setObjectName("duration_minutes")
        self.minutes.setRange(0, rules.MAX_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.minutes.setSpecialValueText(self.tr("not recorded"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setMaximumHeight(110)
        if session:
            self.topic.setText(session.topic)
            self.tutor_name.setText(session.tutor_name)
            self.location.setText(session.location)
            self.minutes.setValue(session.duration_minutes)
            self.notes.setPlainText(session.notes)
        else:
            self.tutor_name.setText(state.actor.display_name if state.actor else "")

        self.errors = {key: ErrorLabel() for key in FIELDS}
        form = QFormLayout()
        for key, label, widget in (
                ("held_on", self.tr("Date *"), self.held_on),
                ("topic", self.tr("Topic *"), self.topic),
                ("tutor_name", self.tr("Taught by *"), self.tutor_name),
                ("location", self.tr("Place"), self.location),
                ("duration_minutes", self.tr("Length"), self.minutes),
                ("notes", self.tr("Notes"), self.notes)):
            self.errors[key].setObjectName(f"error_{key}")
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors[key])
            form.addRow(label, column)
        self.banner = ErrorLabel()
        self.banner.setObjectName("banner")
        self.save_button = BigButton(self.tr("Save"), primary=True)
        self.save_button.setObjectName("save_session")
        self.cancel_button = BigButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_session")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.topic.setFocus()

    def values(self) -> dict:
        return dict(held_on=to_date(self.held_on.date()), topic=self.topic.text(),
                    tutor_name=self.tutor_name.text(), location=self.location.text(),
                    duration_minutes=self.minutes.value(), notes=self.notes.toPlainText())

    def save(self) -> None:
        if self._saving:
            return
        values = self.values()
        ctx = self.state.ctx
        session = self.session
        for label in (*self.errors.values(), self.banner):
            label.show_messages([])
        if session is not None:
            def work() -> str:
                training.update_session(ctx, session.id, session.version, **values)
                return session.id
        else:
            def work() -> str:
                return training.create_session(ctx, **values)
        self._saving = True
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.state.runner.run(work, self._saved, self._failed, owner=self)

    def reject(self) -> None:
        # Closing mid-save would drop the result (and the list refresh); finish first.
        if not self._saving:
            super().reject()

    def _done(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.cancel_button.setEnabled(True)

    def _saved(self, session_id: str) -> None:
        self._done()
        self.state.announce("training")
        self.saved.emit(session_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._done()
        if not isinstance(exc, ValidationFailed):
            self.state.errors.report(exc, self)
            return
        other = []
        for key, messages in exc.fields.items():
            texts = [self.state.text(m) for m in messages]
            if key in self.errors:
                self.errors[key].show_messages(texts)
            else:
                other += texts
        self.banner.show_messages([self.state.text(exc.message), *other])
        widgets = {"held_on": self.held_on, "topic": self.topic, "tutor_name": self.tutor_name,
                   "location": self.location, "duration_minutes": self.minutes,
                   "notes": self.notes}
        first = next((widgets[k] for k in FIELDS if k in exc.fields), None)
        if first is not None:
            first.setFocus()
