"""备份与恢复 / Backups: the list of backups, "Back up now" and "Restore from a backup…".

Everything touching files runs on the runner (never on the main thread).  A restore asks
first in plain words, refuses a damaged or foreign file with the service's sentence (nothing
changes then), and on success tells the person the app restarts: the window quits with
``EXIT_RESTART`` and ``run_gui`` re-opens the restored database.

The automatic daily backup is made by ``ui/admin/daily_backup.DailyBackup`` (owned by the main
window); :meth:`BackupScreen.follow` shows its results here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services import auth, backups
from station_app.services.backups import BackupInfo, RestoreRefused, RestoreResult
from station_app.services.errors import ServiceError
from station_app.ui.admin.daily_backup import DailyBackup
from station_app.ui.state import AppState
from station_app.ui.widgets import BigButton, ErrorLabel

log = logging.getLogger(__name__)

EXIT_RESTART = 1000  # = main_window.EXIT_RESTART (main_window imports this module)


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class BackupScreen(QWidget):
    restart_requested = Signal()  # the database was replaced; the window restarts

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.infos: list[BackupInfo] = []
        self.busy = False
        self._restore_box: QMessageBox | None = None
        self._restore_yes = None
        self._joined = False
        self._pending_path: Path | None = None
        self.restart_box: QMessageBox | None = None
        self.setObjectName("backup_screen")

        title = QLabel(self.tr("Backups"), objectName="title")
        hint = QLabel(self.tr(
            "A copy of the database is made automatically once a day; the last 7 days, 4 "
            "weeks and 6 months are kept, manual backups for 90 days. Copy backups to a USB "
            "stick from time to time."), objectName="hint")
        hint.setWordWrap(True)
        self.folder = QLabel(objectName="backup_folder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, 4, objectName="backup_list")
        self.table.setHorizontalHeaderLabels([
            self.tr("Made at"), self.tr("Kind"), self.tr("Size"), self.tr("App version")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.backup_button = BigButton(self.tr("Back up now"), primary=True)
        self.backup_button.setObjectName("backup_now")
        self.restore_button = BigButton(self.tr("Restore from a backup…"))
        self.restore_button.setObjectName("backup_restore")
        self.status = QLabel(objectName="backup_status")
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        self.error.setObjectName("backup_error")

        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.folder)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.error)

        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_clicked)

    def follow(self, daily: DailyBackup) -> None:
        """Show the automatic daily backup's results (a new one, or why it failed)."""
        daily.made.connect(self._daily_made)
        daily.failed.connect(self._daily_failed)
        if daily.last_error:
            self._daily_failed(daily.last_error)

    def _daily_made(self, _info: object) -> None:
        if self.isVisible():
            self.reload()

    def _daily_failed(self, text: str) -> None:
        self.error.show_messages([text])

    # -- the list ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        db = self.state.db
        self.folder.setText(self.tr("Folder: %1").replace("%1", str(backups.backup_dir(db))))
        self.state.runner.run(lambda: backups.list_backups(db), self._show, self._failed,
                              owner=self)

    def _reason_text(self, reason: str) -> str:
        names = {"daily": self.tr("Daily (automatic)"), "manual": self.tr("Manual"),
                 "before_restore": self.tr("Before a restore"),
                 "pre-migrate": self.tr("Before an update")}
        return names.get(reason, reason)

    def _show(self, infos: list[BackupInfo]) -> None:
        self.infos = infos
        self.table.setRowCount(len(infos))
        for row, info in enumerate(infos):
            kind = self._reason_text(info.reason)
            if not info.readable:
                kind = self.tr("%1 (damaged)").replace("%1", kind)
            cells = [info.made_at.strftime("%Y-%m-%d %H:%M:%S"), kind, _size_text(info.size),
                     info.app_version]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, str(info.path))
                self.table.setItem(row, column, item)

    def _message(self, exc: BaseException) -> str:
        if isinstance(exc, ServiceError):
            return exc.message.text(self.state.language)
        return str(exc)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.state.errors.report(exc, self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)

    # -- back up now -----------------------------------------------------------------------
    def back_up_now(self) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self.error.show_messages([])
        self.status.setText(self.tr("Making a backup…"))
        db = self.state.db
        self.state.runner.run(lambda: backups.make_backup(db, reason=backups.MANUAL),
                              self._backed_up, self._backup_failed, owner=self)

    def _backed_up(self, info: BackupInfo) -> None:
        self._set_busy(False)
        self.status.setText(self.tr("Backup made: %1").replace("%1", info.path.name))
        self.reload()

    def _backup_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.clear()
        self.error.show_messages([self._message(exc)])
        if not isinstance(exc, ServiceError):
            self.state.errors.report(exc, self)

    # -- restore -----------------------------------------------------------------------------
    def selected_path(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def ask_for_file(self) -> Path | None:
        """The file dialog (tests replace this method)."""
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), str(backups.backup_dir(self.state.db)),
            self.tr("Station backups (*.db);;All files (*)"))
        return Path(name) if name else None

    def restore_clicked(self) -> None:
        """The selected backup, or a file chosen in a dialog when none is selected."""
        if self.busy:
            return
        path = self.selected_path() or self.ask_for_file()
        if path is not None:
            self.confirm_restore(path)

    def confirm_restore(self, path: Path) -> QMessageBox:
        """Ask in plain words (the box is returned so tests can answer it)."""
        self._joined = auth.is_joined(self.state.db)  # does a central server hold a copy?
        if self._joined:
            question = self.tr("The data on this computer will be replaced by the backup "
                               "“%1”. Everything entered after that backup disappears from "
                               "this computer; what already reached the central server "
                               "comes back at the next sync. A copy of the current data is "
                               "kept first. The app restarts afterwards.")
        else:
            question = self.tr("The data on this computer will be replaced by the backup "
                               "“%1”. Everything entered after that backup is lost (this "
                               "computer is not connected to a central server that could "
                               "return it). A copy of the current data is kept first. The app "
                               "restarts afterwards.")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Restore this backup?"),
                          question.replace("%1", path.name), parent=self)
        box.setObjectName("confirm_restore")
        self._restore_yes = box.addButton(self.tr("Restore"),
                                          QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.finished.connect(self._restore_answered)
        self._restore_box, self._pending_path = box, path
        box.open()
        return box

    def _restore_answered(self, _code: int) -> None:
        box, path = self._restore_box, self._pending_path
        self._restore_box = self._pending_path = None
        if box is None or path is None or box.clickedButton() is not self._restore_yes:
            return
        self._set_busy(True)
        self.error.show_messages([])
        self.status.setText(self.tr("Checking and restoring the backup…"))
        ctx = self.state.ctx
        self.state.runner.run(lambda: backups.restore(ctx, path), self._restored,
                              self._restore_failed, owner=self)

    def _restore_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.clear()
        if isinstance(exc, RestoreRefused):
            self.error.show_messages([self._message(exc)])
            self.state.errors.report(exc, self)
            return
        self.error.show_messages([self._message(exc)])
        self.state.errors.report(exc, self)

    def _restored(self, result: RestoreResult) -> None:
        self.busy = True  # the old database is closed: nothing more from this window
        if self._joined:
            text = self.tr("The backup of %1 was restored. The app restarts now and then "
                           "downloads from the central server what it already has.")
        else:
            text = self.tr("The backup of %1 was restored. The app restarts now.")
        text = text.replace("%1", result.restored_from.made_at.strftime("%Y-%m-%d %H:%M"))
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore finished"), text,
                          parent=self)
        box.setObjectName("restore_finished")
        box.finished.connect(self._restart)
        self.restart_box = box
        box.open()

    def _restart(self, _code: int = 0) -> None:
        self.restart_requested.emit()
        app = QApplication.instance()
        if app is not None:
            app.exit(EXIT_RESTART)
