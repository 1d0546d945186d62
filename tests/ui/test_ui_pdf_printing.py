"""Printing signed PDFs on a printer: a real 3-page document is rendered through QtPdf onto a
real QPrinter (writing a PDF file instead of paper), read back with pypdf and poppler, and its
QR code is scanned and verified from the printed pages.  The system print dialog and the
desktop's "open this file" are the only things replaced: both leave the application."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from documents_helpers import SampleDocument, build_sample_document, render_pages  # noqa: E402

from station_app.documents import signing  # noqa: E402
from station_app.documents.qr import read_qr_from_image  # noqa: E402
from station_app.ui import pdf_printing  # noqa: E402
from station_app.ui.errors import ErrorChannel  # noqa: E402
from station_app.ui.pdf_printing import (  # noqa: E402
    DocumentReadyDialog,
    PdfPrintError,
    PrintCancelled,
    print_pdf_with_dialog,
    render_pdf_to_printer,
)


@pytest.fixture(scope="module")
def key():
    return signing.generate_signing_key()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, key) -> SampleDocument:
    document = build_sample_document(tmp_path_factory.mktemp("sample") / "sample.pdf", key)
    assert document.pages == 3
    return document


def pdf_printer(output: Path) -> QPrinter:
    """A real QPrinter as the print dialog leaves it, writing to a PDF file instead of paper."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    return printer


@pytest.fixture(scope="module")
def printed_all(qapp, sample: SampleDocument, tmp_path_factory: pytest.TempPathFactory):
    """The whole sample printed at the default resolution; (output PDF, progress calls)."""
    output = tmp_path_factory.mktemp("printed") / "all.pdf"
    calls: list[tuple[int, int]] = []
    pages = render_pdf_to_printer(sample.path, pdf_printer(output),
                                  progress=lambda done, of: calls.append((done, of)))
    assert pages == 3
    return output, calls


@pytest.fixture(scope="module")
def printed_images(printed_all, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return render_pages(printed_all[0], tmp_path_factory.mktemp("printed_png"), dpi=150)


def dark_fraction(image: Path) -> float:
    histogram = Image.open(image).convert("L").histogram()
    return sum(histogram[:128]) / sum(histogram)


def difference(a: Path, b: Path) -> float:
    """Mean absolute grey-level difference of two page images (0 = identical)."""
    first, second = (Image.open(p).convert("L") for p in (a, b))
    assert first.size == second.size
    return ImageStat.Stat(ImageChops.difference(first, second)).mean[0]


# --------------------------------------------------------------------------- rendering

def test_every_page_is_printed_once_with_progress(printed_all) -> None:
    output, calls = printed_all
    reader = PdfReader(output)
    assert len(reader.pages) == 3
    for pdf_page in reader.pages:  # A4 paper, as the printer was set up
        assert round(float(pdf_page.mediabox.width)) == 595
        assert round(float(pdf_page.mediabox.height)) == 842
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_printed_pages_are_neither_blank_nor_black(printed_images: list[Path]) -> None:
    assert len(printed_images) == 3
    for image in printed_images:
        # Text, tables and the QR code are there, on white paper (a transparent page
        # flattened carelessly would come out black).
        assert 0.005 < dark_fraction(image) < 0.3, image.name
    assert Image.open(printed_images[0]).convert("L").getpixel((5, 5)) > 240


def test_the_qr_code_still_scans_and_verifies_from_the_printed_pages(
        printed_images: list[Path], sample: SampleDocument, key) -> None:
    trusted = {signing.public_key_id(key): key.public_key()}
    for image in printed_images:
        texts = read_qr_from_image(image)
        assert texts == [sample.qr_text], image.name
        result = signing.verify_qr_text(texts[0], trusted, sample.content)
        assert result.valid and result.content_checked
        assert result.doc_id == sample.doc_id


def test_a_page_range_prints_only_those_pages(qapp, sample: SampleDocument, printed_images,
                                             tmp_path: Path) -> None:
    output = tmp_path / "page2.pdf"
    printer = pdf_printer(output)
    printer.setFromTo(2, 2)
    assert render_pdf_to_printer(sample.path, printer) == 1
    assert len(PdfReader(output).pages) == 1
    [image] = render_pages(output, tmp_path, dpi=150)
    # It is the second page: the same as page 2 of the whole print, unlike pages 1 and 3.
    assert difference(image, printed_images[1]) < 1.0
    assert difference(image, printed_images[0]) > 3 * difference(image, printed_images[1]) + 1
    assert difference(image, printed_images[2]) > 3 * difference(image, printed_images[1]) + 1


def test_a_lower_resolution_is_used_when_asked(qapp, sample: SampleDocument,
                                              tmp_path: Path) -> None:
    output = tmp_path / "draft.pdf"
    printer = pdf_printer(output)
    printer.setFromTo(1, 1)
    assert render_pdf_to_printer(sample.path, printer, dpi=100) == 1
    [image] = render_pages(output, tmp_path, dpi=150)
    assert 0.005 < dark_fraction(image) < 0.3
    with pytest.raises(ValueError):
        render_pdf_to_printer(sample.path, pdf_printer(tmp_path / "x.pdf"), dpi=0)


def test_pages_outside_the_document_are_refused(qapp, sample: SampleDocument,
                                               tmp_path: Path) -> None:
    output = tmp_path / "none.pdf"
    printer = pdf_printer(output)
    printer.setFromTo(5, 6)
    with pytest.raises(PdfPrintError) as caught:
        render_pdf_to_printer(sample.path, printer)
    assert caught.value.message.code == "printing.no_pages"
    assert "共 3 页" in str(caught.value) and "3 pages" in caught.value.message.en
    assert not output.exists()


def test_a_broken_pdf_gives_a_plain_message_and_prints_nothing(qapp, tmp_path: Path) -> None:
    broken = tmp_path / "信用报告.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n this is not really a PDF")
    output = tmp_path / "out.pdf"
    with pytest.raises(PdfPrintError) as caught:
        render_pdf_to_printer(broken, pdf_printer(output))
    error = caught.value
    assert error.message.code == "printing.pdf_unreadable"
    assert "信用报告.pdf" in str(error) and "无法打印" in str(error)
    assert "cannot be printed" in error.message.en
    assert not output.exists()
    # The app's error channel shows it as a sentence, not as "something unexpected".
    channel = ErrorChannel("zh_CN", interactive=False)
    shown: list[tuple[str, str]] = []
    channel.shown.connect(lambda kind, text: shown.append((kind, text)))
    channel.report(error)
    assert shown == [("known", str(error))]

    with pytest.raises(PdfPrintError) as missing:
        render_pdf_to_printer(tmp_path / "gone.pdf", pdf_printer(output))
    assert missing.value.message.code == "printing.pdf_missing"


def test_a_progress_callback_can_stop_printing(qapp, sample: SampleDocument,
                                               tmp_path: Path) -> None:
    calls: list[int] = []

    def stop_after_first(done: int, of: int) -> None:
        calls.append(done)
        raise PrintCancelled

    with pytest.raises(PrintCancelled):
        render_pdf_to_printer(sample.path, pdf_printer(tmp_path / "stopped.pdf"), dpi=72,
                              progress=stop_after_first)
    assert calls == [1]


# --------------------------------------------------------------------------- the dialogs

@pytest.fixture
def print_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The system print dialog, answered as a clerk choosing "print to file" would; records
    the window titles it was opened with."""
    seen: dict[str, object] = {"titles": [], "output": tmp_path / "printed.pdf",
                               "accept": True, "pages": None}

    def exec_(self: QPrintDialog) -> int:
        seen["titles"].append(self.windowTitle())
        printer = self.printer()
        seen["doc_name"] = printer.docName()
        seen["page_size"] = printer.pageLayout().pageSize().id()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(seen["output"]))
        if seen["pages"]:
            printer.setFromTo(*seen["pages"])
        return (QDialog.DialogCode.Accepted if seen["accept"]
                else QDialog.DialogCode.Rejected).value

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return seen


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def test_print_with_dialog_prints_what_the_dialog_chose(qtbot, sample: SampleDocument,
                                                        print_dialog) -> None:
    from PySide6.QtGui import QPageSize

    assert print_pdf_with_dialog(None, sample.path) is True
    assert len(PdfReader(print_dialog["output"]).pages) == 3
    [title] = print_dialog["titles"]
    assert sample.path.name in title
    assert print_dialog["doc_name"] == sample.path.stem
    assert print_dialog["page_size"] == QPageSize.PageSizeId.A4
    print_dialog["pages"] = (3, 3)
    print_dialog["output"] = print_dialog["output"].with_name("third.pdf")
    assert print_pdf_with_dialog(None, sample.path) is True
    assert len(PdfReader(print_dialog["output"]).pages) == 1


def test_cancelling_the_print_dialog_prints_nothing(qtbot, sample: SampleDocument,
                                                    print_dialog) -> None:
    print_dialog["accept"] = False
    assert print_pdf_with_dialog(None, sample.path) is False
    assert print_dialog["titles"] and not print_dialog["output"].exists()


def test_a_broken_file_is_reported_before_any_print_dialog(qtbot, tmp_path: Path,
                                                          print_dialog) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(PdfPrintError):
        print_pdf_with_dialog(None, broken)
    assert print_dialog["titles"] == []


def _dialog(qtbot, path: Path, **kwargs) -> DocumentReadyDialog:
    dialog = DocumentReadyDialog(path, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_document_ready_dialog_offers_print_open_folder_and_close(
        qtbot, sample: SampleDocument) -> None:
    dialog = _dialog(qtbot, sample.path)
    assert sample.path.name in dialog.headline.text()
    buttons = {name: dialog.findChild(pdf_printing.BigButton, name) for name in (
        "document_ready_print", "document_ready_open", "document_ready_folder",
        "document_ready_close")}
    assert all(button is not None and button.isVisible() for button in buttons.values())
    assert [b.text() for b in buttons.values()] == ["Print…", "Open", "Open folder", "Close"]
    # Enter prints; every button is big enough for a finger.
    assert buttons["document_ready_print"].isDefault()
    assert all(button.height() >= 44 for button in buttons.values())
    qtbot.mouseClick(buttons["document_ready_close"], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_open_and_open_folder_hand_the_file_to_the_desktop(qtbot, sample: SampleDocument,
                                                           opened: list[QUrl]) -> None:
    dialog = _dialog(qtbot, sample.path)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(sample.path),
                                                     str(sample.path.parent)]
    assert all(url.isLocalFile() for url in opened)
    assert dialog.isVisible()  # the clerk may still print


def test_a_desktop_without_a_viewer_is_said_plainly(qtbot, sample: SampleDocument,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    dialog = _dialog(qtbot, sample.path)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.status.isVisible() and str(sample.path) in dialog.status.text()


def test_the_print_button_prints_through_the_print_dialog(qtbot, sample: SampleDocument,
                                                         print_dialog,
                                                         opened: list[QUrl]) -> None:
    dialog = _dialog(qtbot, sample.path)
    with qtbot.waitSignal(dialog.printed) as signal:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button: 打印…
    assert signal.args == [3]
    assert len(PdfReader(print_dialog["output"]).pages) == 3
    assert "3" in dialog.status.text() and dialog.status.isVisible()
    assert dialog.close_button.isDefault()  # now Enter closes
    assert opened == []  # nothing was handed to a viewer


def test_a_print_failure_goes_to_the_error_channel(qtbot, tmp_path: Path,
                                                   print_dialog) -> None:
    broken = tmp_path / "损坏.pdf"
    broken.write_bytes(b"garbage")
    channel = ErrorChannel("en", interactive=False)
    dialog = _dialog(qtbot, broken, errors=channel)
    with qtbot.waitSignal(channel.shown) as shown:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    kind, text = shown.args
    assert kind == "known" and "cannot be printed" in text
    assert print_dialog["titles"] == []


# --------------------------------------------------------------------------- the score tab

def test_printing_a_credit_report_offers_the_document_ready_dialog(
        qtbot, window, log_in, staff_passwords, tutor_ctx, valid_farmer_input,
        opened: list[QUrl], station_home) -> None:
    from station_app.services import farmers

    farmer_id = farmers.register_farmer(tutor_ctx, valid_farmer_input(name="钱桂兰"))
    window.state.settings.open_printed_documents = True
    log_in(window, "specialist", staff_passwords["specialist"])
    window.farmers.select_farmer(farmer_id)
    detail = window.farmers.detail
    detail.tabs.setCurrentWidget(detail.score)
    panel = detail.score
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    printed = panel.last_report
    assert printed is not None and printed.path.exists()
    [dialog] = [d for d in panel.findChildren(DocumentReadyDialog) if d.isVisible()]
    assert dialog.path == printed.path and printed.path.name in dialog.headline.text()
    assert opened == []  # offered, not opened behind the clerk's back
    dialog.close()
