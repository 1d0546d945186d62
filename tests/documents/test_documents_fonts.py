"""Tests for station_app.documents.fonts (finding and registering an embeddable CJK font)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from reportlab.platypus import Spacer

from station_app.documents import fonts, page

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(autouse=True)
def no_env_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)


@pytest.fixture
def nothing_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No system fonts and an empty resources/fonts folder."""
    empty = tmp_path / "fonts"
    empty.mkdir()
    monkeypatch.setattr(fonts, "SYSTEM_FONT_FILES", ())
    monkeypatch.setattr(fonts, "bundled_font_dirs", lambda: [empty])
    return empty


def _otf(path: Path) -> Path:
    path.write_bytes(b"OTTO" + b"\x00" * 60)  # the sfnt tag of a CFF-outline font
    return path


def _cff_collection(path: Path) -> Path:
    header = b"ttcf" + struct.pack(">HHI", 1, 0, 1) + struct.pack(">I", 16)
    path.write_bytes(header + b"OTTO" + b"\x00" * 60)
    return path


def test_system_font_is_found_and_registered_once() -> None:
    choice = fonts.find_pdf_font()
    assert choice.source == "system"
    assert choice.path.suffix in (".ttc", ".ttf")
    assert fonts.pdf_font_name() == fonts.pdf_font_name()


def test_env_font_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(WQY))
    choice = fonts.find_pdf_font()
    assert (choice.path, choice.subfont_index, choice.source) == (WQY, 0, "env")


def test_env_font_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-font.ttf"
    monkeypatch.setenv(fonts.ENV_VAR, str(missing))
    with pytest.raises(fonts.FontNotFound, match="不存在") as info:
        fonts.pdf_font_name()
    assert str(missing) in str(info.value)
    assert info.value.message.code == "documents.font_unusable"
    assert "does not exist" in info.value.message.en


@pytest.mark.parametrize("make", [_otf, _cff_collection])
def test_env_font_cff_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make) -> None:
    font = make(tmp_path / "NotoSansCJK-Regular.otf")
    monkeypatch.setenv(fonts.ENV_VAR, str(font))
    with pytest.raises(fonts.FontNotFound, match="CFF") as info:
        fonts.find_pdf_font()
    assert "TrueType" in str(info.value)


def test_env_font_without_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    if not DEJAVU.is_file():
        pytest.skip("DejaVu Sans not installed")
    monkeypatch.setenv(fonts.ENV_VAR, str(DEJAVU))
    with pytest.raises(fonts.FontNotFound, match="不含中文字形"):
        fonts.find_pdf_font()


def test_env_font_not_a_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = tmp_path / "readme.ttf"
    text.write_text("hello")
    monkeypatch.setenv(fonts.ENV_VAR, str(text))
    with pytest.raises(fonts.FontNotFound, match="不是 TrueType 字体文件"):
        fonts.find_pdf_font()


def test_env_font_truncated_collection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttc"
    broken.write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x05")  # 5 faces, no offsets
    monkeypatch.setenv(fonts.ENV_VAR, str(broken))
    with pytest.raises(fonts.FontNotFound, match="不是有效的字体文件"):
        fonts.find_pdf_font()


def test_nothing_found(nothing_installed: Path, tmp_path: Path) -> None:
    with pytest.raises(fonts.FontNotFound) as info:
        fonts.find_pdf_font()
    message = info.value.message
    assert message.code == "documents.font_not_found"
    assert "未找到可嵌入 PDF 的中文字体" in str(info.value)
    assert "fonts-wqy-microhei" in str(info.value) and fonts.ENV_VAR in str(info.value)
    assert "fonts-wqy-microhei" in message.en
    with pytest.raises(fonts.FontNotFound):
        page.build_pdf(tmp_path / "x.pdf", page.DocumentInfo(
            title="t", station_name="s", doc_id="D", qr_text=None), [Spacer(1, 1)])


def test_bundled_font_wins_and_cff_is_skipped(nothing_installed: Path) -> None:
    _otf(nothing_installed / "A-first.otf")  # wrong suffix: not even looked at
    _cff_collection(nothing_installed / "B-cff.ttc")  # CFF collection: skipped with a log
    (nothing_installed / "C-wqy.ttc").symlink_to(WQY)
    choice = fonts.find_pdf_font()
    assert (choice.path.name, choice.source) == ("C-wqy.ttc", "bundled")


def test_unusable_system_font_falls_through(monkeypatch: pytest.MonkeyPatch,
                                            nothing_installed: Path) -> None:
    cff = _otf(nothing_installed.parent / "cff.ttf")
    monkeypatch.setattr(fonts, "SYSTEM_FONT_FILES", (str(cff), str(WQY)))
    choice = fonts.find_pdf_font()
    assert (choice.path, choice.source) == (WQY, "system")
