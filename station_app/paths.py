"""Where things live on disk: per-user data, bundled resources, a CJK font.

Nothing here imports Qt, so the store, the documents and the UI share one answer.
Environment overrides (useful for kiosks, tests and portable installs):

* ``STATION_APP_HOME`` – a directory holding everything (database, keys, backups, logs).
* ``STATION_APP_DB`` – the database file.
* ``STATION_APP_FONT`` – a TrueType/OpenType font file with Chinese glyphs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "station-app"


def data_dir() -> Path:
    home = os.environ.get("STATION_APP_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    env = os.environ.get("STATION_APP_DB")
    return Path(env) if env else data_dir() / "station.db"


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database they copy, so a moved database keeps its history."""
    path = db_path.parent / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (source checkout, installed package or frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-2]


# Fonts with full Simplified Chinese coverage and TrueType outlines (reportlab needs those),
# in order of preference.  Paths cover Debian/Ubuntu, Fedora, Windows and macOS.
_CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    # OpenType/CFF fonts: fine for the screen, not for reportlab.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)


def find_cjk_font() -> Path | None:
    """A font file able to draw Chinese, or None when the machine has none.

    Order: ``STATION_APP_FONT``, any font placed in ``resources/fonts`` (installers bundle one
    there), then well-known system locations.
    """
    env = os.environ.get("STATION_APP_FONT")
    if env and Path(env).is_file():
        return Path(env)
    bundled = resources_dir() / "fonts"
    if bundled.is_dir():
        for pattern in ("*.ttf", "*.ttc", "*.otf"):
            found = sorted(bundled.glob(pattern))
            if found:
                return found[0]
    for candidate in _CJK_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None
