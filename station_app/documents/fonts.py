"""A Chinese font that reportlab can embed (subsetted) in every PDF we make.

PDFs must show Chinese on a machine without Chinese fonts (the bank officer's laptop, a
print shop), so the glyphs are embedded.  reportlab embeds TrueType fonts only – ``.ttf``
files and TrueType collections (``.ttc``) whose faces have ``glyf`` outlines – and always
subsets them (only the characters used, under a ``ABCDEF+Name`` font name).  OpenType fonts
with CFF outlines (``OTTO``, e.g. ``NotoSansCJK-*.otf``/``.ttc``, ``PingFang``) cannot be
embedded by reportlab and are skipped.

Search order (first usable font wins):

1. ``STATION_APP_PDF_FONT`` – a font file path.  When set it *must* work: a missing file, a
   CFF font or a font without Chinese glyphs raises :class:`FontNotFound` instead of
   silently printing with another font.
2. ``resources/fonts/*.ttf`` / ``*.ttc`` (installers may bundle a font there).
3. Well-known system fonts (:data:`SYSTEM_FONT_FILES`): WenQuanYi Micro Hei (installed by
   the set-up, Debian/Ubuntu ``fonts-wqy-microhei``), WenQuanYi Zen Hei, AR PL UMing,
   Droid Sans Fallback, Noto Sans SC (static TTF), then Windows (微软雅黑, 黑体, 宋体, 等线)
   and macOS (华文黑体, 宋体, Arial Unicode) fonts.

The font is registered with reportlab once per process and per file (:func:`pdf_font_name`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from station_app import paths
from station_app.domain.messages import Message

__all__ = [
    "ENV_VAR",
    "FontChoice",
    "FontNotFound",
    "SYSTEM_FONT_FILES",
    "bundled_font_dirs",
    "find_pdf_font",
    "pdf_font_name",
]

log = logging.getLogger(__name__)

ENV_VAR = "STATION_APP_PDF_FONT"

_WINDOWS_FONTS = Path(os.environ.get("WINDIR") or r"C:\Windows") / "Fonts"

#: Candidate system font files in order of preference (TrueType outlines, Chinese glyphs).
SYSTEM_FONT_FILES: tuple[str, ...] = (
    # Linux: Debian/Ubuntu, Fedora, Arch.
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/noto-cjk/NotoSansSC-Regular.ttf",
    # Windows.
    str(_WINDOWS_FONTS / "msyh.ttc"),
    str(_WINDOWS_FONTS / "simhei.ttf"),
    str(_WINDOWS_FONTS / "simsun.ttc"),
    str(_WINDOWS_FONTS / "Deng.ttf"),
    # macOS.
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)

_PROBE_CHARS = "中文页"  # a usable font must draw these


def bundled_font_dirs() -> list[Path]:
    """Folders searched for a bundled font (``resources/fonts``)."""
    return [paths.resources_dir() / "fonts"]


class FontNotFound(RuntimeError):
    """No usable Chinese TrueType font; ``str(exc)`` is a plain Chinese sentence.

    ``exc.message`` is the :class:`Message` (with ``code`` and English ``en``).
    """

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class FontChoice:
    """A font file and the face to use in it (``subfont_index`` for ``.ttc`` collections)."""

    path: Path
    subfont_index: int
    source: str  # "env", "bundled" or "system"


_INSTALL_HINT_ZH = (
    "请安装文泉驿微米黑字体（Debian/Ubuntu：sudo apt install fonts-wqy-microhei），"
    "或把 TrueType 中文字体（.ttf/.ttc）放入 resources/fonts 文件夹，"
    f"或用环境变量 {ENV_VAR} 指定字体文件。"
)
_INSTALL_HINT_EN = (
    "Install WenQuanYi Micro Hei (Debian/Ubuntu: sudo apt install fonts-wqy-microhei), "
    "put a TrueType Chinese font (.ttf/.ttc) into resources/fonts, "
    f"or point {ENV_VAR} at one."
)


def _no_font() -> FontNotFound:
    return FontNotFound(Message(
        "documents.font_not_found",
        "未找到可嵌入 PDF 的中文字体，无法生成文件。" + _INSTALL_HINT_ZH,
        "No Chinese font that can be embedded in a PDF was found. " + _INSTALL_HINT_EN))


def _env_font_error(path: str, zh_reason: str, en_reason: str) -> FontNotFound:
    return FontNotFound(Message(
        "documents.font_unusable",
        f"环境变量 {ENV_VAR} 指定的字体文件 {path} {zh_reason}。" + _INSTALL_HINT_ZH,
        f"The font file {path} named by {ENV_VAR} {en_reason}. " + _INSTALL_HINT_EN))


class _Unusable(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


_CFF = _Unusable("是 OpenType（CFF 轮廓）字体，无法嵌入 PDF，请改用 TrueType 字体",
                 "is an OpenType font with CFF outlines, which cannot be embedded; "
                 "use a TrueType font")


def _truetype_faces(path: Path) -> list[int]:
    """Indexes of the TrueType-outline faces in ``path`` (raises :class:`_Unusable`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 < count < 256:
                    raise _Unusable("不是有效的字体文件", "is not a valid font file")
                offsets = struct.unpack(f">{count}I", handle.read(4 * count))
                faces = []
                for index, offset in enumerate(offsets):
                    handle.seek(offset)
                    if handle.read(4) in (b"\x00\x01\x00\x00", b"true"):
                        faces.append(index)
                if not faces:
                    raise _CFF
                return faces
    except OSError as exc:
        raise _Unusable(f"无法读取（{exc.strerror or exc}）", f"cannot be read ({exc})") from exc
    except struct.error as exc:  # a truncated collection header
        raise _Unusable("不是有效的字体文件", "is not a valid font file") from exc
    if head[:4] in (b"\x00\x01\x00\x00", b"true"):
        return [0]
    if head[:4] == b"OTTO":
        raise _CFF
    raise _Unusable("不是 TrueType 字体文件", "is not a TrueType font file")


# Per process: resolved path -> (face index, registered reportlab name) or the reason the
# file is unusable (so a bad font is not parsed again on every document).  Guarded by _lock.
_registered: dict[str, tuple[int, str]] = {}
_rejected: dict[str, _Unusable] = {}
_lock = threading.Lock()


def _load(path: Path, index: int) -> TTFont:
    name = "StationCJK-" + hashlib.sha1(f"{path}\0{index}".encode()).hexdigest()[:8]
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, struct.error) as exc:
        raise _Unusable(f"无法使用（{exc}）", f"cannot be used ({exc})") from exc
    missing = [ch for ch in _PROBE_CHARS if ord(ch) not in font.face.charToGlyph]
    if missing:
        raise _Unusable("不含中文字形", "has no Chinese glyphs")
    return font


def _register(path: Path) -> int:
    """Register the first usable face of ``path``; its index (raises :class:`_Unusable`)."""
    key = str(path.resolve())
    if key in _registered:
        return _registered[key][0]
    if key in _rejected:
        raise _rejected[key]
    try:
        font: TTFont | None = None
        for index in _truetype_faces(path):  # never empty
            try:
                font = _load(path, index)
                break
            except _Unusable as exc:
                failure = exc
        if font is None:
            raise failure
    except _Unusable as exc:
        _rejected[key] = exc
        raise
    pdfmetrics.registerFont(font)
    for bold in (0, 1):
        for italic in (0, 1):  # <b>/<i> in paragraphs fall back to the same face
            addMapping(font.fontName, bold, italic, font.fontName)
    _registered[key] = (index, font.fontName)
    return index


def _candidates() -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for folder in bundled_font_dirs():
        if folder.is_dir():
            files = [p for p in sorted(folder.iterdir())
                     if p.is_file() and p.suffix.lower() in (".ttf", ".ttc")]
            found += [(p, "bundled") for p in files]
    found += [(Path(p), "system") for p in SYSTEM_FONT_FILES]
    return found


def find_pdf_font() -> FontChoice:
    """The font to embed (registered with reportlab as a side effect)."""
    with _lock:
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            path = Path(env).expanduser()
            if not path.is_file():
                raise _env_font_error(env, "不存在", "does not exist")
            try:
                return FontChoice(path, _register(path), "env")
            except _Unusable as exc:
                raise _env_font_error(env, exc.zh, exc.en) from None
        for path, source in _candidates():
            if not path.is_file():
                continue
            try:
                return FontChoice(path, _register(path), source)
            except _Unusable as exc:
                log.warning("skipping font %s: it %s", path, exc.en)
        raise _no_font()


def pdf_font_name() -> str:
    """The reportlab font name of the Chinese font (found and registered on first use).

    Raises :class:`FontNotFound` when there is none.
    """
    choice = find_pdf_font()
    return _registered[str(choice.path.resolve())][1]
