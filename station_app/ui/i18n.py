"""Interface language and fonts.

Source strings are English (``self.tr``); ``resources/translations/station_app_zh_CN.ts``
holds the Simplified Chinese, the default language.  The set-up builds ``.qm`` files with
``pyside6-lrelease``; if one is missing or older than its ``.ts`` (a fresh checkout), it is
built on first start.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from station_app import paths

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
BASE_POINT_SIZE = 13  # large, readable text for kiosks


def translations_dir() -> Path:
    return paths.resources_dir() / "translations"


def _lrelease() -> str | None:
    exe = Path(sys.executable).parent / "pyside6-lrelease"
    if exe.exists():
        return str(exe)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def build_qm(ts: Path) -> Path | None:
    qm = ts.with_suffix(".qm")
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    tool = _lrelease()
    if tool is None:
        log.warning("pyside6-lrelease not found; cannot build %s", qm.name)
        return qm if qm.exists() else None
    try:
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60,
                       capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("building %s failed: %s", qm.name, exc)
    return qm if qm.exists() else None


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load the translation for ``language``; English needs none (it is the source)."""
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return None
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ts = translations_dir() / f"station_app_{language}.ts"
    qm = build_qm(ts) if ts.exists() else None
    if qm is None:
        log.warning("no translation for %s; showing English", language)
        return None
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        log.warning("could not load %s", qm)
        return None
    app.installTranslator(translator)
    qt_translator = QTranslator(app)  # Qt's own dialog buttons (确定/取消)
    from PySide6.QtCore import QLibraryInfo

    if qt_translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                          QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
    return translator


def remove_translators(app: QCoreApplication) -> None:
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()


def install_fonts(app: QApplication) -> str | None:
    """Register a Chinese-capable font and make it the application font."""
    font_path = paths.find_cjk_font()
    family = None
    if font_path is not None:
        font_id = QFontDatabase.addApplicationFont(str(font_path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = families[0] if families else None
    if family is None:
        log.warning("no Chinese font found: install fonts-wqy-microhei or set STATION_APP_FONT")
    font = QFont(family) if family else QFont()
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    return family
