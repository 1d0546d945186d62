"""QR codes: drawing them into PDFs and PNGs, and reading them back from image files.

* :func:`qr_matrix` – the module matrix (error correction level M, no quiet zone), cached.
* :func:`draw_qr` / :class:`QrFlowable` – vector QR for reportlab (one filled path of
  row runs, so no hairline seams between modules when rendered).
* :func:`qr_png` – a PNG image (for the screen or a file).
* :func:`read_qr_from_image` – every QR text found in an image file (a phone photo, a scan,
  or a PDF page rendered to an image, e.g. ``pdftoppm -r 150 -png``), using zxing-cpp.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import BinaryIO

import qrcode
import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from station_app.domain.messages import Message

__all__ = [
    "ImageUnreadable",
    "QrFlowable",
    "draw_qr",
    "qr_matrix",
    "qr_png",
    "qr_version",
    "read_qr_from_image",
]

QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks


@lru_cache(maxsize=128)
def _qr(text: str) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.version, tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of modules (True = dark) of the QR code for ``text`` (level M, no quiet zone)."""
    return _qr(text)[1]


def qr_version(text: str) -> int:
    """The QR version (1–40) ``text`` needs at level M; size is ``17 + 4 * version``."""
    return _qr(text)[0]


@lru_cache(maxsize=128)
def _runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(size, ((row, first column, length), …)) for the dark runs of each row."""
    matrix = qr_matrix(text)
    runs = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return len(matrix), tuple(runs)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code for ``text`` with its lower-left corner at (x, y), ``size`` wide.

    Only the dark modules are drawn; leave ``QUIET_ZONE`` modules of white around it.
    """
    count, runs = _runs(text)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)  # one unit = one module: short integer rects
    path = canvas.beginPath()
    for row, col, length in runs:
        path.rect(col, count - 1 - row, length, 1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):
    """A QR code as a platypus flowable, ``size`` points square plus ``quiet`` around."""

    def __init__(self, text: str, size: float, *, quiet: bool = True) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.margin = size / len(qr_matrix(text)) * QUIET_ZONE if quiet else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        side = self.size + 2 * self.margin
        return side, side

    def draw(self) -> None:
        draw_qr(self.canv, self.text, self.margin, self.margin, self.size)


def qr_png(text: str, *, module_px: int = 8, quiet: int = QUIET_ZONE) -> bytes:
    """PNG bytes of the QR code (black on white, ``module_px`` pixels a module)."""
    if module_px < 1 or quiet < 0:
        raise ValueError("module_px must be ≥ 1 and quiet ≥ 0")
    matrix = qr_matrix(text)
    count = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (count, count), pixels)
    image = image.resize((count * module_px, count * module_px), Image.Resampling.NEAREST)
    image = ImageOps.expand(image, border=quiet * module_px, fill=255)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------- reading

class ImageUnreadable(ValueError):
    """The file is not an image that can be opened; ``str(exc)`` is plain Chinese."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _open(source: str | os.PathLike[str] | bytes | BinaryIO | Image.Image) -> Image.Image:
    if isinstance(source, Image.Image):
        return source
    try:
        if isinstance(source, (bytes, bytearray)):
            image = Image.open(io.BytesIO(source))
        else:
            image = Image.open(source)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        name = source if isinstance(source, (str, os.PathLike)) else "（数据）"
        raise ImageUnreadable(Message(
            "documents.image_unreadable",
            f"无法打开图片文件 {name}：它不是可识别的图片（支持 PNG、JPEG 等）。",
            f"Cannot open the image file {name}: it is not a recognised image "
            "(PNG, JPEG, … are supported).")) from exc
    return image


def _grey(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image.convert("L")


def _decode(image: Image.Image) -> list[str]:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found if barcode.valid]


def read_qr_from_image(source: str | os.PathLike[str] | bytes | BinaryIO | Image.Image
                       ) -> list[str]:
    """Texts of all QR codes in an image (file path, bytes, file object or PIL image).

    Empty list when there is none.  Small codes (fewer than ~3 pixels a module, as on a
    150 dpi page render) are retried on an image scaled up 2×.  Raises
    ``FileNotFoundError`` or :class:`ImageUnreadable`.
    """
    image = _grey(_open(source))
    texts = _decode(image)
    if not texts and max(image.size) <= 5000:
        bigger = image.resize((image.width * 2, image.height * 2), Image.Resampling.BICUBIC)
        texts = _decode(bigger)
    return _unique(texts)


def _unique(texts: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return [t for t in texts if not (t in seen or seen.add(t))]
