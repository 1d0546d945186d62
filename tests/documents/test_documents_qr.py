"""Tests for station_app.documents.qr (QR matrix, PNG, reading from image files)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from station_app.documents.qr import (
    ImageUnreadable,
    qr_matrix,
    qr_png,
    qr_version,
    read_qr_from_image,
)

TEXT = "SAD1:DOC-1.K.S1.20250314.ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_matrix_and_version() -> None:
    matrix = qr_matrix(TEXT)
    assert len(matrix) == 17 + 4 * qr_version(TEXT)
    assert all(len(row) == len(matrix) for row in matrix)
    assert matrix[0][:7] == (True,) * 7  # finder pattern
    assert qr_matrix(TEXT) is matrix  # cached


def test_png_round_trip(tmp_path: Path) -> None:
    png = qr_png(TEXT, module_px=4)
    assert png.startswith(b"\x89PNG")
    side = (len(qr_matrix(TEXT)) + 8) * 4
    assert Image.open(io.BytesIO(png)).size == (side, side)
    assert read_qr_from_image(png) == [TEXT]
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    assert read_qr_from_image(path) == [TEXT]
    assert read_qr_from_image(str(path)) == [TEXT]
    with path.open("rb") as handle:
        assert read_qr_from_image(handle) == [TEXT]


def test_transparent_and_jpeg_images(tmp_path: Path) -> None:
    code = Image.open(io.BytesIO(qr_png(TEXT, module_px=3))).convert("L")
    transparent = Image.new("RGBA", code.size, (0, 0, 0, 0))
    transparent.putalpha(code.point(lambda v: 255 - v))  # black modules, see-through rest
    assert read_qr_from_image(transparent) == [TEXT]
    photo = Image.new("RGB", (800, 600), (200, 190, 170))
    photo.paste(code.convert("RGB").rotate(90), (300, 150))
    path = tmp_path / "photo.jpg"
    photo.save(path, quality=70)
    assert read_qr_from_image(path) == [TEXT]


def test_two_codes_in_one_image() -> None:
    first = Image.open(io.BytesIO(qr_png("FIRST", module_px=4)))
    second = Image.open(io.BytesIO(qr_png("SECOND", module_px=4)))
    both = Image.new("L", (first.width + second.width + 40, max(first.height, second.height)),
                     255)
    both.paste(first, (0, 0))
    both.paste(second, (first.width + 40, 0))
    assert sorted(read_qr_from_image(both)) == ["FIRST", "SECOND"]


def test_no_code_gives_empty_list() -> None:
    assert read_qr_from_image(Image.new("RGB", (200, 100), "white")) == []


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_qr_from_image(tmp_path / "missing.png")
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    with pytest.raises(ImageUnreadable, match="无法打开图片文件") as info:
        read_qr_from_image(bad)
    assert info.value.message.code == "documents.image_unreadable"
    with pytest.raises(ImageUnreadable):
        read_qr_from_image(b"\x00\x01")


def test_png_arguments() -> None:
    with pytest.raises(ValueError):
        qr_png(TEXT, module_px=0)
