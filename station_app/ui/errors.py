"""One channel for user-facing errors.

Known failures (ServiceError and friends) become a plain sentence in the user's language with
what to do next.  Unexpected ones get a dialog with a "copy details" button and go to the log.
"""

from __future__ import annotations

import logging
import sqlite3
import traceback

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from station_app.services.errors import ServiceError, ValidationFailed

log = logging.getLogger(__name__)


def plain_message(exc: BaseException, language: str) -> str | None:
    """A sentence for a known failure, or None for an unexpected one."""
    english = language.lower().startswith("en")
    if isinstance(exc, ValidationFailed) and exc.fields:
        # Reported here, there is no form showing each field's message beside it: say them.
        return "\n".join(message.text(language) for messages in exc.fields.values()
                         for message in messages)
    if isinstance(exc, ServiceError):
        return exc.message.en if english else str(exc.message)
    # SQLAlchemy wraps the driver's error; the driver's one says what happened.
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).lower()
    if isinstance(cause, (sqlite3.OperationalError, OSError)):
        if "locked" in text or "busy" in text:
            return ("The database is busy; please try again in a moment." if english
                    else "数据库正忙，请稍等几秒再试。")
        if "full" in text or "no space" in text or getattr(cause, "errno", None) == 28:
            return ("The disk is full; free some space and try again. Nothing was saved."
                    if english else "磁盘空间不足，本次内容没有保存。请清理磁盘后再试。")
    return None


class ErrorChannel(QObject):
    """Shows errors; tests can listen to ``shown`` instead of clicking dialogs."""

    shown = Signal(str, str)  # (kind, text)

    def __init__(self, language: str = "zh_CN", *, interactive: bool = True) -> None:
        super().__init__()
        self.language = language
        self.interactive = interactive

    def report(self, exc: BaseException, parent: QWidget | None = None) -> None:
        text = plain_message(exc, self.language)
        if text is not None:
            log.info("user-facing error: %s", type(exc).__name__)
            self.shown.emit("known", text)
            if self.interactive:
                QMessageBox.warning(parent, self.tr("Notice"), text)
            return
        details = getattr(exc, "details", None) or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("unexpected error: %s", details)
        text = self.tr("Something unexpected went wrong; the last action may not have finished. Copy the details for technical support.")  # noqa: E501
        self.shown.emit("unexpected", text)
        if not self.interactive:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Error"), text,
                          parent=parent)
        box.setDetailedText(details)
        copy = box.addButton(self.tr("Copy details"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(details)

    def info(self, text: str) -> None:
        self.shown.emit("info", text)
