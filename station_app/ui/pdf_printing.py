"""Printing a finished PDF (a signed credit report, a loan contract…) on a real printer.

The documents are made by reportlab as PDF files.  Handing a PDF to the desktop viewer is not
enough at a kiosk (the viewer may be missing, or print at the wrong size), so the station
prints them itself:

* :func:`render_pdf_to_printer` – QtPdf renders each page as an image at the printer's
  resolution (at most :data:`MAX_DPI`) and paints it onto the printer page, fitted to the
  printable area without distorting it.  The printer's page range is honoured; the number of
  copies is left to the printer driver.
* :func:`print_pdf_with_dialog` – the system print dialog, then the above with a progress
  dialog for documents of more than one page.
* :class:`DocumentReadyDialog` – "文档已生成：…" with 打印… / 打开 / 打开所在文件夹 / 关闭, shown
  once a document has been made.

Failures that a clerk can act on raise :class:`PdfPrintError`, a :class:`ServiceError` with a
plain Chinese/English :class:`Message`, so ``state.errors.report`` shows it as a sentence.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressDialog, QVBoxLayout, QWidget

from station_app.domain.messages import Message
from station_app.services.errors import ServiceError
from station_app.ui.errors import ErrorChannel
from station_app.ui.widgets import BigButton

log = logging.getLogger(__name__)

MAX_DPI = 300  # enough for text and the QR code; an A4 page is then ~35 MB as an image

__all__ = [
    "MAX_DPI",
    "DocumentReadyDialog",
    "PdfPrintError",
    "PrintCancelled",
    "print_pdf_with_dialog",
    "render_pdf_to_printer",
]


class PdfPrintError(ServiceError):
    """The PDF cannot be printed; ``message`` says why in plain words (Chinese and English)."""


class PrintCancelled(Exception):
    """Raised by a ``progress`` callback to stop printing; the print job is aborted."""


# --------------------------------------------------------------------------- rendering

def _load(pdf_path: str | os.PathLike[str]) -> QPdfDocument:
    path = Path(pdf_path)
    document = QPdfDocument()
    error = document.load(str(path))
    if error == QPdfDocument.Error.None_ and document.pageCount() > 0:
        return document
    document.close()
    log.info("cannot print %s: %s", path, error)
    if error == QPdfDocument.Error.FileNotFound or not path.is_file():
        raise PdfPrintError(Message(
            "printing.pdf_missing",
            f"找不到要打印的文件：{path}。文件可能已被移走或删除，请重新生成文档。",
            f"The file to print was not found: {path}. It may have been moved or deleted; "
            "please make the document again."))
    raise PdfPrintError(Message(
        "printing.pdf_unreadable",
        f"文件“{path.name}”不是可以打开的 PDF 文档，无法打印。请重新生成文档后再试。",
        f"The file “{path.name}” is not a PDF document that can be opened, so it cannot be "
        "printed. Please make the document again and retry."))


def _pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """1-based page numbers chosen on the printer (all when none are chosen)."""
    # Qt 6 keeps the chosen pages as QPageRanges (fromPage()/toPage() are its first and last
    # page, 0 when unset); the ranges also cover a choice like "1,3".
    ranges = printer.pageRanges()
    if ranges.isEmpty():
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 and last <= 0:
            return list(range(1, count + 1))
        first, last = max(first, 1), last if last > 0 else count
        return [n for n in range(1, count + 1) if first <= n <= last]
    return [n for n in range(1, count + 1) if ranges.contains(n)]


def _fit(page_points: QSizeF, area: QRectF) -> QRectF:
    """The largest rectangle of the page's shape that fits ``area``, centred in it."""
    width, height = page_points.width(), page_points.height()
    if width <= 0 or height <= 0:
        return QRectF(area)
    scale = min(area.width() / width, area.height() / height)
    size = QSizeF(width * scale, height * scale)
    top_left = QPointF(area.x() + (area.width() - size.width()) / 2,
                       area.y() + (area.height() - size.height()) / 2)
    return QRectF(top_left, size)


def _page_image(document: QPdfDocument, index: int, size: QSize) -> QImage:
    options = QPdfDocumentRenderOptions()
    options.setRenderFlags(QPdfDocumentRenderOptions.RenderFlag.Annotations)
    rendered = document.render(index, size, options)
    if rendered.isNull():
        raise PdfPrintError(Message(
            "printing.page_unrenderable",
            f"第 {index + 1} 页无法转换成打印图像（可能是内存不足）。请关闭其他程序后再试。",
            f"Page {index + 1} could not be turned into an image for the printer (perhaps "
            "out of memory). Close other programs and try again."))
    # QtPdf leaves the paper transparent; lay it on white paper so printers and PDF output
    # get an opaque image (dropping the alpha channel alone would turn the paper black).
    page = QImage(rendered.size(), QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page


def render_pdf_to_printer(pdf_path: str | os.PathLike[str], printer: QPrinter, *,
                          dpi: int | None = None,
                          progress: Callable[[int, int], None] | None = None) -> int:
    """Print the PDF at ``pdf_path`` on ``printer``; returns the number of pages printed.

    Each page is rendered as an image at ``dpi`` (default: the printer's resolution), never
    above :data:`MAX_DPI`, and painted onto the printable area of the printer page as large
    as it fits with its shape kept, centred.  Only the pages of the printer's page range are
    printed (``fromPage``/``toPage``, 0 = all); copies are left to the printer driver.

    ``progress(done, total)`` is called after each page; it may raise :class:`PrintCancelled`
    to stop, which aborts the print job and propagates.

    Must run on the GUI thread (a QPrinter is a paint device).  Raises :class:`PdfPrintError`
    if the PDF cannot be loaded, no chosen page is in it, or the printer cannot start.
    """
    if dpi is not None and dpi <= 0:
        raise ValueError("dpi must be positive")
    document = _load(pdf_path)
    try:
        return _render(document, Path(pdf_path), printer, dpi=dpi, progress=progress)
    finally:
        document.close()


def _render(document: QPdfDocument, path: Path, printer: QPrinter, *, dpi: int | None,
            progress: Callable[[int, int], None] | None) -> int:
    count = document.pageCount()
    pages = _pages_to_print(printer, count)
    if not pages:
        raise PdfPrintError(Message(
            "printing.no_pages",
            f"所选的页码不在文档里（“{path.name}”共 {count} 页）。请重新选择页码。",
            f"The chosen pages are not in the document (“{path.name}” has {count} "
            f"page{'s' if count != 1 else ''}). Please choose the pages again."))
    if not printer.docName():
        printer.setDocName(path.stem)  # the name in the print queue
    printer_dpi = printer.resolution()
    render_dpi = min(dpi or printer_dpi, MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfPrintError(Message(
            "printing.printer_not_ready",
            "打印机无法开始打印。请检查打印机是否已开机、已连接、有纸，然后再试。",
            "The printer could not start printing. Check that it is switched on, "
            "connected and has paper, then try again."))
    printed = 0
    try:
        # Painter coordinates are device pixels of the printable area (not full page).
        area = QRectF(0, 0, printer.width(), printer.height())
        for number in pages:
            if printed and not printer.newPage():
                raise PdfPrintError(Message(
                    "printing.new_page_failed",
                    f"打印到第 {number} 页时打印机出错，后面的页没有打印。请检查打印机后重新打印。",
                    f"The printer failed at page {number}; the pages after it were not "
                    "printed. Check the printer and print again."))
            target = _fit(document.pagePointSize(number - 1), area)
            scale = render_dpi / printer_dpi
            size = QSize(max(1, round(target.width() * scale)),
                         max(1, round(target.height() * scale)))
            painter.drawImage(target, _page_image(document, number - 1, size))
            printed += 1
            if progress is not None:
                progress(printed, len(pages))
    except PrintCancelled:
        printer.abort()
        raise
    finally:
        painter.end()
    return printed


# --------------------------------------------------------------------------- the dialogs

def print_pdf_with_dialog(parent: QWidget | None, pdf_path: str | os.PathLike[str]) -> bool:
    """Ask for a printer and pages with the system print dialog, then print the PDF.

    Returns True once printed, False if the clerk cancelled (in the print dialog or during
    printing).  Raises :class:`PdfPrintError` when the PDF or the printer fails; the PDF is
    checked before the dialog opens, so a broken file is reported without asking anything.
    """
    return _print_with_dialog(parent, Path(pdf_path)) > 0


class _PrintProgress:
    """A progress dialog for a print run, used as the ``progress`` callback."""

    def __init__(self, parent: QWidget | None, total: int) -> None:
        self.page_of = QCoreApplication.translate("PdfPrinting", "Printing page %1 of %2…")
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName("print_progress")
        self.dialog.setWindowTitle(QCoreApplication.translate("PdfPrinting", "Printing"))
        self.dialog.setLabelText(self.page_of.replace("%1", "1").replace("%2", str(total)))
        self.dialog.setCancelButtonText(QCoreApplication.translate("PdfPrinting", "Stop printing"))
        self.dialog.setRange(0, total)
        self.dialog.setMinimumDuration(0)
        # Application-modal: while pages are painted no other window may start work.
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setValue(0)
        QCoreApplication.processEvents()  # show it before the first page is rendered

    def __call__(self, done: int, of: int) -> None:
        self.dialog.setValue(done)
        if done < of:
            self.dialog.setLabelText(
                self.page_of.replace("%1", str(done + 1)).replace("%2", str(of)))
        # A QPrinter is a paint device and may only be painted on the GUI thread, so the pages
        # cannot be rendered by the background Runner.  Instead the window stays responsive
        # (repaints, the Stop button) by handling events between pages.
        QCoreApplication.processEvents()
        if self.dialog.wasCanceled():
            raise PrintCancelled

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()


def _print_with_dialog(parent: QWidget | None, path: Path) -> int:
    """:func:`print_pdf_with_dialog`, returning the number of pages printed (0: cancelled)."""
    document = _load(path)
    try:
        count = document.pageCount()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(path.stem)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintDialog(printer, parent)
        title = QCoreApplication.translate(
            "PdfPrinting", "Print “%1”: choose the printer, the pages and the copies")
        dialog.setWindowTitle(title.replace("%1", path.name))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        dialog.setMinMax(1, count)
        # The dialog configures ``printer`` itself (printer, pages, copies, paper).
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return 0
        total = len(_pages_to_print(printer, count))
        # Only several pages take long enough for a progress dialog.
        progress = _PrintProgress(parent, total) if total > 1 else None
        try:
            printed = _render(document, path, printer, dpi=None, progress=progress)
        except PrintCancelled:
            log.info("printing %s stopped by the user", path.name)
            return 0
        finally:
            if progress is not None:
                progress.close()
        log.info("printed %s: %d page(s)", path.name, printed)
        return printed
    finally:
        document.close()


def _language() -> str:
    return "en" if QLocale().language() == QLocale.Language.English else "zh_CN"


class DocumentReadyDialog(QDialog):
    """Shown once a document was made: print it, open it, open its folder, or close.

    ``errors`` is the app's error channel (``state.errors``); without one, failures are shown
    in a message box in the interface language.  ``printed`` is emitted with the number of
    pages after a successful print.
    """

    printed = Signal(int)

    def __init__(self, pdf_path: str | os.PathLike[str], parent: QWidget | None = None, *,
                 errors: ErrorChannel | None = None) -> None:
        super().__init__(parent)
        self.path = Path(pdf_path)
        self.errors = errors
        self.setObjectName("document_ready_dialog")
        self.setWindowTitle(self.tr("Document ready"))
        self.setMinimumWidth(560)
        self.headline = QLabel(self.tr("Document ready: %1").replace("%1", self.path.name),
                               objectName="document_ready_title")
        self.headline.setWordWrap(True)
        # The style sheet sets fonts per widget type, so size this through it too.
        self.headline.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = QLabel(self.tr("Saved in %1").replace("%1", str(self.path.parent)))
        where.setObjectName("hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(objectName="document_ready_status")
        self.status.setWordWrap(True)
        self.status.hide()

        self.print_button = BigButton(self.tr("Print…"), primary=True)
        self.print_button.setObjectName("document_ready_print")
        self.open_button = BigButton(self.tr("Open"))
        self.open_button.setObjectName("document_ready_open")
        self.folder_button = BigButton(self.tr("Open folder"))
        self.folder_button.setObjectName("document_ready_folder")
        self.close_button = BigButton(self.tr("Close"))
        self.close_button.setObjectName("document_ready_close")
        for button in (self.print_button, self.open_button, self.folder_button,
                       self.close_button):
            button.setMinimumWidth(120)
            button.setAutoDefault(True)
        self.print_button.setDefault(True)  # Enter prints; Esc closes (QDialog)
        self.print_button.clicked.connect(self.print_document)
        self.open_button.clicked.connect(self.open_document)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.headline)
        layout.addWidget(where)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.print_button.setFocus()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def _report(self, exc: BaseException) -> None:
        channel = self.errors or ErrorChannel(_language())
        channel.report(exc, self)

    def print_document(self) -> bool:
        """打印…: the system print dialog, then print.  True if pages were printed."""
        try:
            pages = _print_with_dialog(self, self.path)
        except Exception as exc:  # shown to the clerk, never lost
            self._report(exc)
            return False
        if pages:
            self._say(self.tr("%1 page(s) sent to the printer.").replace("%1", str(pages)))
            self.printed.emit(pages)
            self.close_button.setDefault(True)
            self.close_button.setFocus()
        return pages > 0

    def _open(self, url: QUrl) -> bool:
        if QDesktopServices.openUrl(url):
            return True
        self._say(self.tr("The computer has no program to open %1.").replace(
            "%1", url.toLocalFile()))
        return False

    def open_document(self) -> bool:
        """打开: the PDF in the desktop's viewer."""
        return self._open(QUrl.fromLocalFile(str(self.path)))

    def open_folder(self) -> bool:
        """打开所在文件夹: the folder holding the PDF in the file manager."""
        return self._open(QUrl.fromLocalFile(str(self.path.parent)))
