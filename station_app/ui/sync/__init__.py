"""同步: the sync controller, the status-bar indicator, the sync page and the enrollment
dialog."""

from station_app.ui.sync.controller import SyncController
from station_app.ui.sync.enroll_dialog import EnrollDialog
from station_app.ui.sync.indicator import SyncIndicator
from station_app.ui.sync.screen import SyncScreen

__all__ = ["EnrollDialog", "SyncController", "SyncIndicator", "SyncScreen"]
