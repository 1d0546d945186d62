"""Digital-skills training (数字技能培训): the sessions screen, its dialogs, and the farmer
page's training box."""

from station_app.ui.training.attendance_dialog import AttendanceDialog
from station_app.ui.training.farmer_panel import FarmerTrainingPanel
from station_app.ui.training.screen import TrainingScreen
from station_app.ui.training.session_form import SessionForm

__all__ = ["AttendanceDialog", "FarmerTrainingPanel", "SessionForm", "TrainingScreen"]
