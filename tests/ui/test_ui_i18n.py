"""Simplified Chinese is complete and is the default; English is the source language."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from station_app import paths
from station_app.ui import i18n

UI_DIR = Path(__file__).resolve().parents[2] / "station_app" / "ui"
TS = paths.resources_dir() / "translations" / "station_app_zh_CN.ts"


def _lupdate() -> str:
    return str(Path(sys.executable).parent / "pyside6-lupdate")


def test_every_visible_string_has_a_finished_chinese_translation(tmp_path):
    """Run lupdate over the UI sources: nothing new, nothing unfinished, nothing obsolete."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py"))
    subprocess.run([_lupdate(), *sources, "-ts", str(fresh), "-source-language", "en",
                    "-target-language", "zh_CN"], check=True, capture_output=True)
    wanted = {(c.findtext("name"), m.findtext("source"))
              for c in ET.parse(fresh).iter("context") for m in c.iter("message")}
    have = {}
    for context in ET.parse(TS).iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            have[(context.findtext("name"), message.findtext("source"))] = translation
    missing = sorted(wanted - set(have))
    assert not missing, f"strings without translation entry (run lupdate): {missing[:10]}"
    unfinished = sorted(key for key in wanted
                        if have[key].get("type") == "unfinished" or not (have[key].text or "").strip())
    assert not unfinished, f"untranslated: {unfinished[:10]}"
    for key in wanted:
        src, text = key[1], have[key].text
        assert src.count("%1") == text.count("%1"), f"placeholder lost in {key}"


def test_chinese_is_loaded_by_default(qapp):
    translator = i18n.install_translator(qapp, "zh_CN")
    try:
        assert translator is not None
        assert QApplication.translate("MainWindow", "Farmers") == "农户"
        assert QApplication.translate("LoginScreen", "Log in") == "登录"
    finally:
        qapp.removeTranslator(translator)
    assert QApplication.translate("MainWindow", "Farmers") == "Farmers"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_domain_messages_follow_the_language(language):
    from station_app.domain.ids import check_mobile

    message = check_mobile("12345").errors[0]
    text = message.text(language)
    assert (any("\u4e00" <= ch <= "\u9fff" for ch in text)) == (language == "zh_CN")


def test_a_chinese_font_is_found_and_used(qapp):
    from PySide6.QtGui import QFontDatabase

    family = i18n.install_fonts(qapp)
    assert family, "no CJK font: install fonts-wqy-microhei (the set-up does)"
    assert qapp.font().family() == family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
