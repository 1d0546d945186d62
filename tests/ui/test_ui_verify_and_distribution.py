"""Checking a printed document's QR (typed, pasted or from a picture), and the station's
score distribution with a rescore of everyone and a model upload."""

from __future__ import annotations

import copy
import json
from datetime import date

from PySide6.QtCore import Qt

from station_app.documents.qr import qr_png
from station_app.services import farmers, scoring, signing


def _go(window, screen) -> None:
    window.nav.setCurrentRow(window.screens.indexOf(screen))


def test_a_signed_qr_checks_valid_and_an_edited_one_does_not(
        qtbot, window, log_in, staff_passwords, specialist_ctx, tmp_path):
    content = {"farmer_name": "韩梅", "total": 648, "grade": "B"}
    text = signing.sign(specialist_ctx, doc_id="CR-20261123-00AA11", kind="CREDIT-REPORT",
                        content=content, issued_on=date(2026, 11, 23))
    signing.record_issued(specialist_ctx, doc_id="CR-20261123-00AA11", kind="CREDIT-REPORT",
                          farmer_id=None, issued_on=date(2026, 11, 23), content=content,
                          qr_text=text)
    log_in(window, "tutor", staff_passwords["tutor"])
    screen = window.verify
    _go(window, screen)
    screen.text.setPlainText(text)
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert screen.verdict.property("status") == "valid"
    assert "韩梅" in screen.details.text() and "648" in screen.details.text()
    screen.text.setPlainText(text.replace("CR-20261123-00AA11", "CR-20261123-00AA12"))
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert screen.verdict.property("status") in ("altered", "malformed")
    # From a picture of the code.
    picture = tmp_path / "photo.png"
    picture.write_bytes(qr_png(text))
    screen.check_image(str(picture))
    assert screen.verdict.property("status") == "valid" and screen.text.toPlainText() == text
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_text("hello", encoding="utf-8")
    screen.check_image(str(not_a_picture))
    assert "cannot be opened" in screen.error.text() or "打不开" in screen.error.text()
    screen.text.setPlainText("")
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert screen.error.isVisible()


def test_distribution_counts_latest_scores_and_rescore_all_shows_progress(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input):
    for name in ("甲一", "乙二", "丙三"):
        farmers.register_farmer(tutor_ctx, valid_farmer_input(name=name))
    log_in(window, "specialist", staff_passwords["specialist"])
    screen = window.scores
    _go(window, screen)
    assert screen.distribution.scored == 0 and screen.distribution.farmers == 3
    assert screen.rescore_button.isVisible() and not screen.install_button.isVisible()
    qtbot.mouseClick(screen.rescore_button, Qt.MouseButton.LeftButton)
    assert screen.distribution.scored == 3
    assert sum(screen.distribution.by_grade.values()) == 3
    assert "3" in screen.message.text()


def test_the_admin_uploads_a_model_and_a_broken_one_changes_nothing(
        qtbot, window, log_in, staff_passwords, db, tmp_path):
    log_in(window, "admin", staff_passwords["admin"])
    screen = window.scores
    _go(window, screen)
    assert screen.install_button.isVisible() and not screen.rescore_button.isVisible()
    broken = copy.deepcopy(scoring.shipped_model().to_dict())
    broken["version"] = 2
    del broken["variables"][0]["bins"][-1]  # its missing bin
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    screen.install(str(path))
    assert "previous one stays" in screen.message.text() or "仍然使用" in screen.message.text()
    assert scoring.active_model(db).version == 1
    good = copy.deepcopy(scoring.shipped_model().to_dict())
    good["version"] = 2
    path.write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    screen.install(str(path))
    assert scoring.active_model(db).version == 2
    assert "version 2" in screen.summary.text() or "2" in screen.summary.text()
