"""The status-bar sync indicator: a coloured dot, online/offline, last sync, pending count.

It is a flat button, so it works with a finger, a mouse and the keyboard; clicking it opens
the sync screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QPushButton, QWidget

from station_app.sync.engine import SyncStatus
from station_app.ui.widgets import TOUCH_HEIGHT, local_time

COLOURS = {"online": "#2e7d32", "offline": "#c62828", "syncing": "#1565c0",
           "unknown": "#9e9e9e", "attention": "#ef6c00"}


def dot_icon(colour: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class SyncIndicator(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_indicator")
        self.setFlat(True)
        self.setMinimumHeight(min(TOUCH_HEIGHT, 36))
        self.setIconSize(QSize(16, 16))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Open the sync page"))
        self.colour = "unknown"
        self.running = False
        self.status: SyncStatus | None = None
        self._apply()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self._apply()

    def set_running(self, running: bool) -> None:
        self.running = running
        self._apply()

    def _apply(self) -> None:
        status = self.status
        parts: list[str] = []
        if status is None or not status.enrolled:
            colour = "unknown"
            parts.append(self.tr("Not connected to a server"))
        else:
            if self.running:
                colour = "syncing"
                parts.append(self.tr("Syncing…"))
            elif status.online is False:
                colour = "offline"
                parts.append(self.tr("Offline"))
            elif status.online:
                colour = "attention" if (status.quarantined or status.conflicts) else "online"
                parts.append(self.tr("Online"))
            else:
                colour = "unknown"
                parts.append(self.tr("Not checked yet"))
            if status.last_success is not None:
                parts.append(self.tr("last sync %1").replace("%1", local_time(status.last_success)))
            else:
                parts.append(self.tr("never synced"))
            parts.append(self.tr("%1 to send").replace("%1", str(status.pending)))
            if status.quarantined:
                parts.append(self.tr("%1 need attention").replace("%1", str(status.quarantined)))
            if status.conflicts:
                parts.append(self.tr("%1 conflicts").replace("%1", str(status.conflicts)))
        self.colour = colour
        self.setIcon(dot_icon(COLOURS[colour]))
        self.setText(" · ".join(parts))
