"""Reading real export files: each shipped mapping imports its shipped sample; malformed files
give a clear sentence (and, since nothing is stored yet, nothing can change)."""

from __future__ import annotations

import json
import os
import random
import warnings
import zipfile
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from station_app import paths
from station_app.domain.order_import import best_mapping, load_mapping, match_headers, parse_row
from station_app.domain.sales import AfterSale, OrderStatus
from station_app.services import xlsx_stream
from station_app.services.order_files import FileProblem, open_table
from station_app.services.xlsx_stream import (
    BUILTIN_DATE_FORMATS,
    BUILTIN_TIMEDELTA_FORMATS,
    XlsxSheet,
    is_date_format,
    is_timedelta_format,
)
from station_app.store.crypto import FieldCipher

SAMPLES = paths.resources_dir() / "samples"
_CIPHER = FieldCipher(os.urandom(32))


def PSEUDONYM(text: str) -> str:  # noqa: N802 - keyed, as the import service does
    return _CIPHER.blind_index(text, kind="buyer")[:20]
MAPPINGS = {p.stem: load_mapping(json.loads(p.read_text(encoding="utf-8")))
            for p in (paths.resources_dir() / "mappings").glob("*.json")}


def _parse_all(path: Path):
    with open_table(path) as table:
        match = best_mapping(list(MAPPINGS.values()), table.headers)
        assert match is not None, table.headers
        records, errors = [], []
        for number, values in table.rows():
            parsed = parse_row(match, number, values, PSEUDONYM)
            errors += parsed.errors
            if parsed.record:
                records.append(parsed.record)
    return table, match, records, errors


@pytest.mark.parametrize("sample, mapping_id, encoding", [
    ("pinduoduo-orders.csv", "pinduoduo", "utf-8-sig"),
    ("taobao-orders-gbk.csv", "taobao", "gb18030"),
    ("douyin-orders.xlsx", "douyin", None),
])
def test_each_mapping_imports_its_sample(sample, mapping_id, encoding):
    table, match, records, errors = _parse_all(SAMPLES / sample)
    assert match.mapping.id == mapping_id
    assert table.encoding == encoding
    assert errors == []
    assert len(records) == 40
    assert len({r.order_id for r in records}) == 40
    assert all(r.amount > 0 and r.ordered_at.year == 2025 for r in records)
    statuses = {r.status for r in records}
    assert OrderStatus.COMPLETED in statuses or OrderStatus.SIGNED in statuses
    assert all(r.buyer_key and len(r.buyer_key) == 20 for r in records)  # pseudonyms, no names


def test_taobao_order_numbers_keep_every_digit():
    _table, _match, records, _errors = _parse_all(SAMPLES / "taobao-orders-gbk.csv")
    assert records[1].order_id == "3900000000000007919"


def test_refunds_are_recognised():
    _t, _m, records, _e = _parse_all(SAMPLES / "taobao-orders-gbk.csv")
    refunded = [r for r in records if r.after_sale is AfterSale.REFUNDED]
    assert all(r.refund_amount == r.amount for r in refunded)


def _write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path):
    with pytest.raises(FileProblem, match="空"):
        open_table(_write(tmp_path, "empty.csv", b""))


def test_ten_megabytes_of_garbage(tmp_path):
    path = _write(tmp_path, "garbage.csv", os.urandom(10 * 1024 * 1024))
    with pytest.raises(FileProblem) as caught:
        open_table(path)
    assert caught.value.message.code in {"import.file.binary", "import.file.encoding"}


def test_utf16_export_is_refused_with_advice(tmp_path):
    text = "订单号,实付金额\n1,2\n"
    path = _write(tmp_path, "u16.csv", text.encode("utf-16"))
    with pytest.raises(FileProblem, match="UTF-16"):
        open_table(path)


def test_wrong_encoding_shows_as_unrecognised_headers(tmp_path):
    """Big5 text decodes as GB18030 mojibake: no header matches, and the user is told which."""
    header = "訂單號,商品名稱,實付金額,訂單狀態,下單時間\n"
    path = _write(tmp_path, "big5.csv", header.encode("big5"))
    table = open_table(path)
    assert best_mapping(list(MAPPINGS.values()), table.headers) is None
    missing = match_headers(MAPPINGS["pinduoduo"], table.headers).missing_messages()
    assert any("订单号" in str(m) for m in missing)


def test_missing_column_is_named(tmp_path):
    source = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    header = source[0].split(",")
    drop = header.index("用户实付金额(元)")
    rows = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in source]
    path = _write(tmp_path, "no-amount.csv", "\n".join(rows).encode("utf-8"))
    table = open_table(path)
    match = match_headers(MAPPINGS["pinduoduo"], table.headers)
    assert match.missing == ("amount",)
    assert "实付金额" in str(match.missing_messages()[0])


def test_bad_number_and_bad_date_are_reported_by_row_and_column(tmp_path):
    lines = (SAMPLES / "pinduoduo-orders.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    cells[4] = "12元8角"  # 用户实付金额(元)
    cells[6] = "昨天下午"  # 订单成交时间
    lines[3] = ",".join(cells)
    path = _write(tmp_path, "bad.csv", "\n".join(lines).encode("utf-8-sig"))
    _table, _match, records, errors = _parse_all(path)
    assert len(records) == 39
    assert [(e.row, e.column, e.message.code) for e in errors] == [
        (4, "用户实付金额(元)", "import.bad_amount"), (4, "订单成交时间", "import.bad_date")]
    assert errors[0].text() .startswith("第 4 行“用户实付金额(元)”列：金额“12元8角”")


def test_old_xls_is_refused(tmp_path):
    path = _write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(FileProblem, match="xlsx"):
        open_table(path)


def test_damaged_xlsx(tmp_path):
    good = (SAMPLES / "douyin-orders.xlsx").read_bytes()
    path = _write(tmp_path, "cut.xlsx", good[: len(good) // 2])
    with pytest.raises(FileProblem, match="Excel"):
        open_table(path)


def test_decimal_amounts_are_exact():
    _t, _m, records, _e = _parse_all(SAMPLES / "douyin-orders.xlsx")
    assert all(r.amount == r.amount.quantize(Decimal("0.01")) for r in records)



# --------------------------------------------------------------------------- XLSX reader
# The streaming reader (services/xlsx_stream.py) must give exactly what openpyxl's read-only
# mode gave the import before it: the same headers, row numbers, values and value types.

def _openpyxl_rows(path: Path, *, reset_dimensions: bool = False) -> list[tuple[int, list]]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hand-made files: "no default style", "#VALUE!" dates
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            if reset_dimensions:
                sheet.reset_dimensions()
            return [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True),
                                                           start=1)]
        finally:
            book.close()


def _stream_rows(path: Path, *, split: bool = True) -> list[tuple[int, list]]:
    sheet = XlsxSheet(path)
    try:
        return list(sheet.rows(split=split))
    finally:
        sheet.close()


def _typed(rows):
    """Rows with each value's type beside it (1 == 1.0 == True, but not for the import)."""
    return [(n, [(type(v).__name__, v) for v in values]) for n, values in rows]


def _assert_same_as_openpyxl(path: Path) -> list[tuple[int, list]]:
    expected = _openpyxl_rows(path)
    typed = _typed(expected)
    assert _typed(_stream_rows(path)) == typed
    assert _typed(_stream_rows(path, split=False)) == typed
    header_row = next(n for n, row in expected if any(str(v).strip() for v in row if v is not None))
    with open_table(path) as table:  # what the import sees: the header row, then the rest
        assert (table.kind, table.encoding, table.header_row) == ("xlsx", None, header_row)
        assert _typed([(header_row, table.headers)]) == typed[header_row - 1: header_row]
        assert _typed(table.rows()) == typed[header_row:]
    return expected


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_xlsx_samples_read_as_openpyxl_reads_them(sample):
    assert len(_assert_same_as_openpyxl(SAMPLES / sample)) > 1


def test_xlsx_written_by_openpyxl_reads_the_same(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(["订单号", "商品", "金额", "数量", "下单时间", "日期", "时刻", "已签收", "公式"])
    sheet.append(["250601-0001", "眉县猕猴桃 5斤", 29.9, 2, datetime(2025, 6, 1, 8, 30, 15),
                  date(2025, 6, 2), dtime(14, 20), True, "=B2"])
    sheet.append(["250601-0002", "  空格 & <符号> ", 1e-7, -3, datetime(1900, 1, 1, 12),
                  date(1900, 3, 1), dtime(0, 0, 1), False, None])
    sheet["A7"] = "隔开的行"  # rows 4 to 6 are missing
    sheet["F7"] = 2**70  # written as 1.180591620717411e+21
    sheet["K7"] = 0.1 + 0.2  # beyond the header's width
    sheet["C8"] = datetime(2025, 12, 31, 23, 59, 59, 999000)
    sheet["C8"].number_format = 'yyyy"年"m"月"d"日" hh"时"'  # custom, with quoted text
    sheet["D8"] = 45809.25
    sheet["D8"].number_format = "[Red]0.00;[Blue]-0.00"  # brackets only: not a date
    sheet["E8"] = timedelta(hours=30, minutes=5)  # "[h]:mm:ss": a duration
    sheet["F8"] = 45809.75
    sheet["F8"].number_format = "[$-804]yyyy/m/d h:mm"  # a locale in brackets, then a date
    sheet["G8"] = 3.5
    sheet["G8"].number_format = '0.0_m" days"'  # "_m" and quoted text: not a date
    serials = random.Random(7).sample(range(1, 3_000_000_000), 300)
    for row, serial in enumerate(serials, start=10):  # times to the millisecond, rounded alike
        sheet.cell(row, 5, serial / 30_000).number_format = "yyyy-mm-dd hh:mm:ss"
    book.create_sheet("其他").append(["不该读到的表"])
    path = tmp_path / "openpyxl.xlsx"
    book.save(path)

    rows = _assert_same_as_openpyxl(path)
    assert rows[1][1][4] == datetime(2025, 6, 1, 8, 30, 15)
    assert [n for n, row in rows[:9] if any(v is not None for v in row)] == [1, 2, 3, 7, 8]
    assert rows[7][1][2:7] == [datetime(2025, 12, 31, 23, 59, 59, 999000), 45809.25,
                               timedelta(hours=30, minutes=5), datetime(2025, 6, 1, 18), 3.5]


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_STYLES = f"""<styleSheet xmlns="{_MAIN}"><numFmts count="5">
<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="165" formatCode="[Red]0.00"/>
<numFmt numFmtId="166" formatCode="&quot;d&quot;0.00"/>
<numFmt numFmtId="167" formatCode="[$-804]yyyy/m/d h:mm"/>
<numFmt numFmtId="168" formatCode="0_d"/></numFmts>
<fonts count="1"><font><name val="Calibri"/><sz val="11"/></font></fonts>
<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="12"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="46"/>
<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>
<xf numFmtId="168"/><xf numFmtId="45"/><xf numFmtId="31"/><xf numFmtId="2"/></cellXfs>
</styleSheet>"""  # styles: 1 date, 2 date-time, 3 duration, 4 and 7 custom dates, 9 mm:ss,
# 5, 6 and 8 custom non-dates, 10 an East Asian built-in (a number for openpyxl), 11 "0.00"

_SHARED = f"""<sst xmlns="{_MAIN}" count="7" uniqueCount="7">
<si><t>订单号</t></si>
<si><t xml:space="preserve"> 前后空格 </t></si>
<si><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r></si>
<si><t>拼音</t><rPh sb="0" eb="2"><t>pinyin</t></rPh><phoneticPr fontId="0"/></si>
<si><t>a_x005F_x000D_b &amp; &lt;c&gt;</t></si>
<si><t/></si>
<si><t>金额</t></si></sst>"""

_ROWS = """<{p}row r="1"><{p}c r="A1" t="s"><{p}v>0</{p}v></{p}c><{p}c r="B1" t="inlineStr"><{p}is><{p}t>商品</{p}t></{p}is></{p}c><{p}c r="C1" t="s"><{p}v>6</{p}v></{p}c><{p}c r="D1" t="inlineStr"><{p}is><{p}t>状态</{p}t></{p}is></{p}c></{p}row>
<{p}row r="2" spans="1:16"><{p}c r="A2" t="s"><{p}v>1</{p}v></{p}c><{p}c r="B2" t="s" s="1"><{p}v>2</{p}v></{p}c><{p}c r="C2" t="s"><{p}v>3</{p}v></{p}c><{p}c r="D2" t="s"><{p}v>4</{p}v></{p}c><{p}c r="E2" t="s"><{p}v>5</{p}v></{p}c><{p}c r="F2" t="inlineStr"><{p}is><{p}r><{p}t>内</{p}t></{p}r><{p}r><{p}rPr><{p}i/></{p}rPr><{p}t xml:space="preserve">联 </{p}t></{p}r></{p}is></{p}c><{p}c r="G2" t="inlineStr"><{p}is><{p}t/></{p}is></{p}c><{p}c r="H2" t="inlineStr"/><{p}c r="I2" t="b"><{p}v>1</{p}v></{p}c><{p}c r="J2" t="b"><{p}v>0</{p}v></{p}c><{p}c r="K2" t="e"><{p}v>#N/A</{p}v></{p}c><{p}c r="L2" t="str"><{p}f>A1&amp;"x"</{p}f><{p}v>订单号x</{p}v></{p}c><{p}c r="M2"><{p}f>1+1</{p}f><{p}v>2</{p}v></{p}c><{p}c r="N2" s="1"><{p}f>NOW()</{p}f></{p}c><{p}c r="O2"><{p}v>1E3</{p}v></{p}c><{p}c r="P2" s="11"><{p}v>12.50</{p}v></{p}c></{p}row>
<{p}row r="4"><{p}c r="A4"><{p}v>7</{p}v></{p}c><{p}c r="C4" s="11"><{p}v>-0.5</{p}v></{p}c><{p}c r="F4" s="5"><{p}v>3</{p}v></{p}c></{p}row>
<{p}row><{p}c><{p}v>1</{p}v></{p}c><{p}c><{p}v>2</{p}v></{p}c><{p}c r="E5"><{p}v>5</{p}v></{p}c><{p}c><{p}v>6</{p}v></{p}c></{p}row>
<{p}row r="6"><{p}c r="B6" t="s"><{p}v>2</{p}v></{p}c></{p}row>
<{p}row r="3"><{p}c r="A3"><{p}v>333</{p}v></{p}c></{p}row>
<{p}row r="8"><{p}c r="A8" s="1"><{p}v>0.5</{p}v></{p}c><{p}c r="B8" s="1"><{p}v>59</{p}v></{p}c><{p}c r="C8" s="1"><{p}v>60</{p}v></{p}c><{p}c r="D8" s="1"><{p}v>61.25</{p}v></{p}c><{p}c r="E8" s="2"><{p}v>45809.99999999</{p}v></{p}c><{p}c r="F8" s="3"><{p}v>1.5000001</{p}v></{p}c><{p}c r="G8" s="9"><{p}v>0.0104166</{p}v></{p}c><{p}c r="H8" s="1"><{p}v>3000000</{p}v></{p}c><{p}c r="I8" s="10"><{p}v>45809</{p}v></{p}c><{p}c r="J8" t="d"><{p}v>2025-06-01T08:30:00</{p}v></{p}c><{p}c r="K8" s="4"><{p}v>45809</{p}v></{p}c><{p}c r="L8" s="5"><{p}v>45809.5</{p}v></{p}c><{p}c r="M8" s="6"><{p}v>2.5</{p}v></{p}c><{p}c r="N8" s="7"><{p}v>45809.5</{p}v></{p}c><{p}c r="O8" s="8"><{p}v>7</{p}v></{p}c><{p}c r="P8" s="01"><{p}v>45810</{p}v></{p}c></{p}row>
<{p}row r="9" ht="20" customHeight="1"/>"""


def _hand_made_xlsx(path: Path, *, prefix: str = "", dimension: str | None = "A1:P9",
                    date1904: bool = False, encoding: str = "utf-8", comment: bool = False,
                    shared: bool = True) -> Path:
    """A workbook written by hand, as other programs write them: shared strings (rich text,
    phonetic runs), inline strings, cached formula values, errors, booleans, ISO dates,
    built-in and custom date formats, rows and cells with gaps, without ``r``, out of order.
    Its first sheet (in the workbook's order) is ``sheet2.xml``; ``sheet1.xml`` is a decoy."""
    rows = _ROWS.format(p=prefix)
    if comment:  # "</row>" where the reader cuts the sheet into pieces
        rows = rows.replace(f'<{prefix}row r="6">', f'<{prefix}row r="6"><!-- </{prefix}row> -->')
        rows = rows.replace(f'<{prefix}row r="9"', f'<!-- </{prefix}row> --><{prefix}row r="9"')
    xmlns = f'xmlns{":" + prefix[:-1] if prefix else ""}="{_MAIN}"'
    dim = f'<{prefix}dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="{encoding}"?>\n<{prefix}worksheet {xmlns} '
             f'xmlns:r="{_DOC_RELS}">{dim}<{prefix}sheetData>{rows}</{prefix}sheetData>'
             f'<{prefix}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
             f'footer="0.3"/></{prefix}worksheet>')
    decoy = (f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
             f'<t>不该读到的表</t></is></c></row></sheetData></worksheet>')
    book = (f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
            f'<workbookPr{" date1904=" + chr(34) + "1" + chr(34) if date1904 else ""}/>'
            f'<sheets><sheet name="订单" sheetId="2" r:id="rId2"/>'
            f'<sheet name="其他" sheetId="1" r:id="rId1"/></sheets></workbook>')
    book_rels = (f'<Relationships xmlns="{_PKG_RELS}">'
                 f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{_DOC_RELS}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
                 f'<Relationship Id="rId3" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
                 + (f'<Relationship Id="rId4" Type="{_DOC_RELS}/sharedStrings" '
                    f'Target="sharedStrings.xml"/>' if shared else "") + "</Relationships>")
    types = (f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
             f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{_CT}.worksheet+xml"/>'
             f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
             + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
                if shared else "") + "</Types>")
    package_rels = (f'<Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
                    f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        archive.writestr("xl/styles.xml", _STYLES)
        if shared:
            archive.writestr("xl/sharedStrings.xml", _SHARED)
        archive.writestr("xl/worksheets/sheet1.xml", decoy)
        archive.writestr("xl/worksheets/sheet2.xml", sheet.encode(encoding))
    return path


@pytest.mark.parametrize("variant", [
    {}, {"dimension": None}, {"date1904": True}, {"prefix": "x:"}, {"encoding": "utf-16"},
    {"comment": True}, {"prefix": "x:", "dimension": None, "comment": True},
], ids=["plain", "no-dimension", "date1904", "prefixed", "utf-16", "comment", "all"])
@pytest.mark.parametrize("chunk", [xlsx_stream.CHUNK, 37])  # 37 bytes: cut everywhere
def test_hand_made_xlsx_reads_as_openpyxl_reads_it(tmp_path, monkeypatch, variant, chunk):
    monkeypatch.setattr(xlsx_stream, "CHUNK", chunk)
    rows = _assert_same_as_openpyxl(_hand_made_xlsx(tmp_path / "hand.xlsx", **variant))
    assert [n for n, _row in rows] == list(range(1, 10))  # row 3 comes after 6: left out
    assert rows[0][1][:4] == ["订单号", "商品", "金额", "状态"]
    assert rows[1][1][:12] == [" 前后空格 ", "富文本", "拼音", "a_x000D_b & <c>", "", "内联 ", "",
                               None, True, False, "#N/A", "订单号x"]
    assert rows[1][1][12:15] == [2, None, 1000.0]
    assert rows[3][1][:6] == [7, None, -0.5, None, None, 3]  # gaps between cells
    assert rows[4][1][:6] == [1, 2, None, None, 5, 6]  # cells without "r" follow the last one
    if variant.get("date1904"):
        assert rows[7][1][10] == datetime(2029, 6, 2)
    else:
        assert rows[7][1][10] == datetime(2025, 6, 1) and rows[7][1][7] == "#VALUE!"


def test_xlsx_date_formats_agree_with_openpyxl():
    from openpyxl.styles import numbers

    assert BUILTIN_DATE_FORMATS == {i for i, code in numbers.BUILTIN_FORMATS.items()
                                    if numbers.is_date_format(code)}
    assert BUILTIN_TIMEDELTA_FORMATS == {i for i, code in numbers.BUILTIN_FORMATS.items()
                                         if numbers.is_timedelta_format(code)}
    codes = ["General", "0.00", "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', '"d"0', "0_d", r"0\d",
             "[Red]0.00", "[$-804]aaaa", "[$-804]yyyy/m/d", "[h]:mm", "[mm]:ss", "[ss].00",
             "h:mm;@", '0;"yyyy"', "dd/mm/yyyy;[Red]-0", "@", "m", "[s]"]
    assert [is_date_format(c) for c in codes] == [numbers.is_date_format(c) for c in codes]
    assert ([is_timedelta_format(c) for c in codes]
            == [numbers.is_timedelta_format(c) for c in codes])


def test_xlsx_with_a_wrong_dimension_is_read_to_the_end(tmp_path):
    """Some writers store <dimension ref="A1"/> whatever the sheet holds; openpyxl then reads
    one cell.  The reader reads every row and cell there is."""
    path = _hand_made_xlsx(tmp_path / "a1.xlsx", dimension="A1")
    assert _openpyxl_rows(path) == [(1, ["订单号"])]
    full = _openpyxl_rows(path, reset_dimensions=True)

    def filled(rows):
        return _typed((n, row) for n, row in rows if any(v is not None for v in row))

    assert filled(_stream_rows(path)) == filled(full)
    assert filled(_stream_rows(path, split=False)) == filled(full)
    assert len(filled(full)) == 6


def test_xlsx_without_shared_strings_or_workbook_parts(tmp_path):
    """No sharedStrings.xml (all inline) reads; a zip with only xl/worksheets/sheet1.xml too."""
    path = _hand_made_xlsx(tmp_path / "inline.xlsx", shared=False)
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml")
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml.replace(b' t="s"', b""))
    rows = _stream_rows(bare)
    assert rows[0][1][:4] == [0, "商品", 6, "状态"]  # shared-string cells without the table
    assert rows[7][1][0] == 0.5  # no styles: no dates


def _rewrite_member(source: Path, target: Path, name: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item.filename, change(data) if item.filename == name else data)
    return target


def test_xlsx_cut_short_inside_the_sheet_fails_with_a_sentence(tmp_path):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("订单")
    sheet.append(["订单号", "金额", "状态"])
    for n in range(3000):
        sheet.append([f"A{n:06d}", n + 0.5, "已完成"])
    whole = tmp_path / "whole.xlsx"
    book.save(whole)
    cut = _rewrite_member(whole, tmp_path / "cut.xlsx", "xl/worksheets/sheet1.xml",
                          lambda data: data[: len(data) * 2 // 3])
    with open_table(cut) as table:
        assert table.headers == ["订单号", "金额", "状态"]
        seen = []
        with pytest.raises(FileProblem) as caught:
            for number, _values in table.rows():
                seen.append(number)
    assert caught.value.message.code == "import.file.xlsx_midway"
    assert "损坏" in str(caught.value.message)
    assert 1000 < len(seen) < 3000 and seen == list(range(2, len(seen) + 2))
    pulled = XlsxSheet(cut)
    with pytest.raises(ET.ParseError):
        for number, _values in pulled.rows(split=False):
            assert number <= len(seen) + 1
    pulled.close()


def test_xlsx_damaged_or_not_a_workbook(tmp_path):
    not_a_book = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(not_a_book, "w") as archive:
        archive.writestr("photo.txt", "这不是表格")
    garbage = _write(tmp_path, "garbage.xlsx", b"PK\x03\x04" + os.urandom(10 * 1024 * 1024))
    styles = _rewrite_member(SAMPLES / "douyin-orders.xlsx", tmp_path / "styles.xlsx",
                             "xl/styles.xml", lambda data: data[:100])
    for path in (not_a_book, garbage, styles):
        with pytest.raises(FileProblem, match="Excel") as caught:
            open_table(path)
        assert caught.value.message.code == "import.file.xlsx"
    # A flipped byte in the compressed sheet: a bad deflate stream or a bad CRC.
    good = (SAMPLES / "douyin-orders.xlsx").read_bytes()
    info = zipfile.ZipFile(SAMPLES / "douyin-orders.xlsx").getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(good)
    damaged[start + info.compress_size // 2] ^= 0xFF
    path = _write(tmp_path, "flipped.xlsx", bytes(damaged))
    with pytest.raises(FileProblem, match="Excel"):
        with open_table(path) as table:
            list(table.rows())
