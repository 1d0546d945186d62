"""What the admin's editors of reference documents share (the crop calendar, the loan products).

Each screen edits a plain copy of its document in the file layout, held in ``self.data``, and
builds its own tables and forms.  :class:`RefDocEditor` holds the rest: the status line, the
"unsaved changes" mark, the notice and the list of problems, the Save / Discard changes / reset
buttons, and the saving and resetting in the background with what the screen says after them.

A screen passes its service's save and reset use cases and the name of its status label, and
fills in the hooks:

* ``_texts()``: the sentences that name its document (:class:`EditorTexts`), translated in the
  screen's own class, so each stays in that screen's translation context;
* ``reload()``: show the document in use (sets ``self.info``, drops unsaved changes; ends
  with ``self._loaded()``);
* ``_apply_permission()``: enable what the actor may use;
* ``data_to_save()``: the copy with the version to save;
* ``check_all()`` (optional): plain-word problems found before saving (none by default);
* ``commit_editors()`` (optional): store what open cell editors hold before saving.

It lays itself out with ``self._lay_out(...)`` and calls ``self._start()`` at the end of its
``__init__`` (connects the buttons and the app's signals, then shows the document).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.roles import Permission
from station_app.services.context import ServiceContext
from station_app.services.errors import ValidationFailed
from station_app.services.refdocs import EDITED, DocInfo
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, local_time

SaveDoc = Callable[[ServiceContext, dict[str, Any]], Any]  # -> the document now in use
ResetDoc = Callable[[ServiceContext], Any]  # -> the shipped document, now in use


@dataclass(frozen=True)
class EditorTexts:
    """What an editor says that names its document, already translated by the screen.

    In the status lines ``%1`` is the version in use, ``%2`` when and ``%3`` by whom it was
    last changed; in ``saved`` and ``reset_done`` ``%1`` is the version now in use.
    """

    reset: str  # the reset button, and the title of the question before a reset
    reset_question: str
    saved: str
    save_failed: str  # title of the problems after a refused save
    reset_done: str
    reset_failed: str  # title of the problems after a refused reset
    status_invalid: str  # a stored edit has problems, the shipped document is in use
    status_edited_by: str  # the edited document is in use, saved %2 by %3
    status_edited: str  # the edited document is in use (when unknown)
    status_reset_by: str  # the shipped document is in use again since %2, by %3
    status_shipped: str  # the shipped document is in use


class RefDocEditor(QWidget):
    """Base of an admin screen editing one reference document (see the module docstring)."""

    # True: Save and reset do nothing unless the actor may edit; False: the service refuses.
    guard_permission = False

    def __init__(self, state: AppState, parent: QWidget | None = None, *, save: SaveDoc,
                 reset: ResetDoc, status_name: str) -> None:
        super().__init__(parent)
        self.state = state
        self.data: dict[str, Any] = {}
        self.info: DocInfo | None = None
        self.dirty = False
        self.saving = False
        self._filling = False
        self._save_doc = save
        self._reset_doc = reset
        self.texts = self._texts()

        self.status = QLabel(objectName=status_name)
        self.status.setWordWrap(True)
        self.dirty_label = QLabel(self.tr("Unsaved changes"), objectName="dirty")
        self.dirty_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.dirty_label.hide()
        self.notice = QLabel(objectName="notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.problems_title = QLabel(objectName="problems_title")
        self.problems_title.setStyleSheet("color: #c62828; font-weight: bold;")
        self.problems = QListWidget(objectName="problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("QListWidget { color: #c62828; }")
        self.problems_title.hide()
        self.problems.hide()

        self.save_button = BigButton(self.tr("Save"), primary=True)
        self.save_button.setObjectName("save")
        self.discard_button = BigButton(self.tr("Discard changes"))
        self.discard_button.setObjectName("discard")
        self.reset_button = BigButton(self.texts.reset)
        self.reset_button.setObjectName("reset")

    def _lay_out(self, title: QLabel, beside_buttons: list[QWidget],
                 beside_status: list[QWidget], upper: QWidget, lower: QWidget, *,
                 lower_stretch: int) -> None:
        """Title, ``beside_buttons`` and the buttons on top; the status line, the unsaved mark
        and ``beside_status`` below them; then the notice, the problems, and ``upper`` over
        ``lower`` in a splitter that takes the rest of the height."""
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for widget in (*beside_buttons, self.save_button, self.discard_button,
                       self.reset_button):
            top.addWidget(widget)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        for widget in (self.dirty_label, *beside_status):
            status_row.addWidget(widget)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, lower_stretch)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status_row)
        for widget in (self.notice, self.problems_title, self.problems):
            layout.addWidget(widget)
        layout.addWidget(split, 1)

    def _start(self) -> None:
        """Connect the buttons and the app's signals, then show the document in use."""
        # Bound methods, not lambdas: PySide keeps lambda receivers alive past their widgets.
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.reset_button.clicked.connect(self.confirm_reset)
        self.state.changed.connect(self._on_changed)
        self.state.actor_changed.connect(self._on_actor)
        self.reload()

    # -- hooks ---------------------------------------------------------------------------
    def _texts(self) -> EditorTexts:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _apply_permission(self) -> None:
        raise NotImplementedError

    def data_to_save(self) -> dict[str, Any]:
        raise NotImplementedError

    def check_all(self) -> list[str]:
        """Plain-word problems that keep Save from starting (none unless a screen checks)."""
        return []

    def commit_editors(self) -> None:
        """Store what open cell editors hold (nothing unless a screen has such editors)."""

    # -- showing -------------------------------------------------------------------------
    @property
    def may_edit(self) -> bool:
        return self.state.can(Permission.PRODUCT_MANAGE)

    def _update_status(self) -> None:
        info = self.info
        if info is None:
            return
        texts = self.texts
        when, who = local_time(info.changed_at), info.changed_by
        if info.stored_invalid:
            text = texts.status_invalid
        elif info.source == EDITED:
            text = texts.status_edited_by if when else texts.status_edited
        elif info.last_action == "reset" and when:
            text = texts.status_reset_by
        else:
            text = texts.status_shipped
        self.status.setText(text.replace("%1", str(info.version)).replace("%2", when)
                            .replace("%3", who))

    def _loaded(self) -> None:
        """The end of ``reload()``: no unsaved changes, no problems, the status line anew."""
        self._set_dirty(False)
        self._show_problems("", [])
        self._update_status()

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.dirty_label.setVisible(dirty)

    def _show_problems(self, title: str, messages: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(messages)
        self.problems_title.setText(title)
        self.problems_title.setVisible(bool(messages))
        self.problems.setVisible(bool(messages))
        if messages:  # as tall as its lines, up to about six of them
            lines = sum(max(self.problems.sizeHintForRow(i), 24)
                        for i in range(self.problems.count()))
            self.problems.setFixedHeight(min(lines + 2 * self.problems.frameWidth() + 4, 190))

    def problem_texts(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- saving --------------------------------------------------------------------------
    def _may_start(self) -> bool:
        return not self.saving and (self.may_edit or not self.guard_permission)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self._apply_permission()
        if saving:
            self._say(self.tr("Saving…"))

    def save(self) -> None:
        if not self._may_start():
            return
        self.commit_editors()
        problems = self.check_all()
        if problems:
            self._say("")
            self._show_problems(self.tr("Nothing was saved. Please correct these problems "
                                        "(your changes are still here):"), problems)
            return
        self._run(partial(self._save_doc, self.state.ctx, self.data_to_save()), self._saved,
                  self._save_failed)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        """Run a save or reset in the background (the buttons wait until it is over)."""
        self._show_problems("", [])
        self._set_saving(True)
        self.state.runner.run(work, done, failed, owner=self)

    def _saved(self, doc: Any) -> None:
        self._finished(self.texts.saved, doc)

    def _finished(self, text: str, doc: Any) -> None:
        """After a save or reset: show the document in use now and say which version it is."""
        self._set_saving(False)
        self.reload()
        self._say(text.replace("%1", str(doc.version)))
        self.state.announce("reference_doc")

    def _failed(self, exc: BaseException, title: str) -> None:
        self._set_saving(False)
        self._say("")
        if isinstance(exc, ValidationFailed):
            self._show_problems(title, [self.state.text(m) for messages in exc.fields.values()
                                        for m in messages])
        else:
            self.state.errors.report(exc, self)

    def _save_failed(self, exc: BaseException) -> None:
        self._failed(exc, self.texts.save_failed)

    def discard(self) -> None:
        if self.dirty and QMessageBox.question(
                self, self.tr("Discard changes"),
                self.tr("Throw away the changes that are not saved yet?")
        ) != QMessageBox.StandardButton.Yes:
            return
        self.reload()

    def confirm_reset(self) -> None:
        answer = QMessageBox.question(self, self.texts.reset, self.texts.reset_question)
        if answer == QMessageBox.StandardButton.Yes:
            self.reset()

    def reset(self) -> None:
        if not self._may_start():
            return
        self._run(partial(self._reset_doc, self.state.ctx), self._reset_done,
                  self._reset_failed)

    def _reset_done(self, doc: Any) -> None:
        self._finished(self.texts.reset_done, doc)

    def _reset_failed(self, exc: BaseException) -> None:
        self._failed(exc, self.texts.reset_failed)

    # -- outside changes -----------------------------------------------------------------
    def _on_changed(self, changes: object) -> None:
        entity = getattr(changes, "entity", changes)
        if entity == "reference_doc" and not self.dirty and not self.saving:
            self.reload()

    def _on_actor(self, _actor: object) -> None:
        # Log-out or another person logging in: unsaved edits end with the session (a screen
        # lock keeps the same actor, so it keeps them).
        if self.saving:
            self._apply_permission()
        else:
            self.reload()
