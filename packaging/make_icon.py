"""Draw the app icon (our own artwork) into resources/icons/station-app.png and .ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

A green rounded tile (the fields), a golden coin (finance) and a white sprout growing out of
it (the farmer's harvest).  Drawn with QPainter at 256 px; the .ico holds 16-256 px sizes
(Pillow) for the Windows installer and shortcut.  The files are committed; run this only to
change the artwork.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "icons"
SIZE = 256


def draw(size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    # The tile: a green rounded square with a lighter field stripe at the bottom.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#2e7d32")))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    field = QPainterPath()
    field.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    stripe = QPainterPath()
    stripe.addRect(QRectF(0, 176 * s, 256 * s, 80 * s))
    p.setBrush(QBrush(QColor("#66bb6a")))
    p.drawPath(field.intersected(stripe))
    # The coin.
    p.setBrush(QBrush(QColor("#ffca28")))
    p.setPen(QPen(QColor("#f57f17"), 8 * s))
    p.drawEllipse(QPointF(128 * s, 150 * s), 62 * s, 62 * s)
    # A square hole, as in an old Chinese coin.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#2e7d32")))
    p.drawRect(QRectF(114 * s, 136 * s, 28 * s, 28 * s))
    # The sprout: a stem and two leaves above the coin.
    p.setPen(QPen(QColor("#ffffff"), 10 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(128 * s, 86 * s), QPointF(128 * s, 40 * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#ffffff")))
    left = QPainterPath(QPointF(126 * s, 70 * s))
    left.cubicTo(QPointF(100 * s, 74 * s), QPointF(70 * s, 60 * s), QPointF(62 * s, 30 * s))
    left.cubicTo(QPointF(96 * s, 28 * s), QPointF(120 * s, 44 * s), QPointF(126 * s, 70 * s))
    right = QPainterPath(QPointF(130 * s, 58 * s))
    right.cubicTo(QPointF(150 * s, 60 * s), QPointF(180 * s, 50 * s), QPointF(192 * s, 22 * s))
    right.cubicTo(QPointF(160 * s, 18 * s), QPointF(136 * s, 32 * s), QPointF(130 * s, 58 * s))
    p.drawPath(left)
    p.drawPath(right)
    p.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QImage/QPainter need it
    OUT.mkdir(parents=True, exist_ok=True)
    png = OUT / "station-app.png"
    if not draw().save(str(png), "PNG"):
        print(f"could not write {png}", file=sys.stderr)
        return 1
    from PIL import Image  # Pillow writes a multi-size .ico; Qt's ico plugin writes one size

    sizes = [(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
    Image.open(png).save(OUT / "station-app.ico", format="ICO", sizes=sizes)
    print(f"wrote {png} and {OUT / 'station-app.ico'}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
