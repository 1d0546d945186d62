"""Local settings of this installation, declared once and typed.

Stored as JSON in the user config dir (``STATION_APP_HOME`` when set).  ``schema`` is bumped
when a setting changes meaning; :func:`_upgrade` carries older files forward.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)
SCHEMA = 1


@dataclass
class Settings:
    schema: int = SCHEMA
    language: str = "zh_CN"  # "zh_CN" or "en"
    idle_lock_minutes: int = 5  # kiosk screens lock after this much inactivity
    last_username: str = ""
    font_point_size: int = 13
    sync_interval_seconds: int = 60  # background sync while enrolled and online
    open_printed_documents: bool = True  # open a PDF in the system viewer once it is made
    # The database last opened and its station's name (no personal data), so the next start
    # shows the log-in page before the database is open (ui/startup.py).
    login_cache: dict = field(default_factory=dict)

    @staticmethod
    def path() -> Path:
        home = os.environ.get("STATION_APP_HOME")
        base = Path(home) if home else Path(platformdirs.user_config_dir("station-app",
                                                                          appauthor=False))
        return base / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        path = cls.path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            return cls()
        raw = _upgrade(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)


def _upgrade(raw: dict) -> dict:
    # schema 1 is the first; future upgrades go here, one step per schema number.
    raw["schema"] = SCHEMA
    return raw
