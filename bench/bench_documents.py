"""Credit-report PDFs per second, beside a bare reportlab document with the same text.

    python bench/bench_documents.py            # 200 reports
    python bench/bench_documents.py 1000 --seed 3

N varied farmers are scored with the shipped model (random inputs in every bin, some
missing, about one in six declined), then each report is built twice, interleaved farmer by
farmer (the order alternates so neither side always runs on a warm cache):

* **ours**: ``credit_report_content`` + ``sign_document`` (a fresh Ed25519 signature) +
  ``build_credit_report`` into memory – what the service does for one printed report: the
  story, the page template (header, footer, "第 x 页 共 y 页" two-pass canvas, the QR as a
  form XObject on every page), the QR encoding of the new text and the embedded font subset;
* **bare**: the same flowables (``credit_report._story``, the same paragraphs and tables) in
  a plain ``SimpleDocTemplate`` with the same margins and the same registered CJK
  ``TTFont``, default canvas: no header, footer, QR, metadata or page-total pass, no signing.

Both are written to ``io.BytesIO`` (no disk).  The markdown results section is printed and
written to ``bench/out/credit_report_bench.md`` (``--out``) for docs/benchmarks.md.
"""

from __future__ import annotations

import collections
import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from bench_common import (  # first: it puts the repository on sys.path
    Built,
    bare_pdf,
    command,
    interleave,
    make_parser,
    mean_rate,
    pdf_row,
    pdf_versions,
    random_id,
    run_lines,
    signed_pdf,
    start_run,
    to_ms,
    write_report,
)

from station_app import paths
from station_app.documents import credit_report, qr, signing
from station_app.documents.credit_report import (
    KIND,
    CreditReportData,
    build_credit_report,
    credit_report_content,
)
from station_app.documents.fonts import find_pdf_font
from station_app.domain.masking import mask_resident_id
from station_app.domain.scoring import ScoreModel, load_model, score

STATION_NAME = "眉县横渠镇农村电商金融服务站"
STATION_CODE = "MX-HQ-01"
ISSUED_ON = dt.date(2026, 11, 23)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["芳", "建国", "秀英", "德明", "玉兰", "志强", "桂花", "永红", "海燕", "长生", "春梅",
         "国庆", "小军", "丽娟", "宝山"]
VILLAGES = ["横渠村三组", "青化村一组", "金渠村五组", "首善村二组", "汤峪村四组", "齐镇村六组"]
CROPS = ["猕猴桃", "苹果", "核桃", "花椒", "小麦", "辣椒"]
MEASURED = ["station_app/documents/credit_report.py", "station_app/documents/page.py",
            "station_app/documents/signing.py", "station_app/documents/qr.py"]


# --------------------------------------------------------------------------- farmers

def _in_bin(rng: random.Random, lo: Decimal | None, hi: Decimal | None, unit: str) -> Any:
    if unit in ("fraction",):
        low = float(lo) if lo is not None else 0.0
        high = float(hi) if hi is not None else 1.0
        return Decimal(f"{rng.uniform(low, min(high, 1.0) - 1e-4):.3f}") if low < 1 else Decimal(1)
    low = float(lo) if lo is not None else 0.0
    high = float(hi) if hi is not None else max(low * 2, low + 10)
    value = rng.uniform(low, high - (high - low) * 0.01)
    if unit in ("days", "sessions"):
        return int(value)
    if unit == "yuan":
        return Decimal(int(value))
    return Decimal(f"{value:.2f}")


def random_inputs(model: ScoreModel, rng: random.Random) -> dict[str, Any]:
    skill = rng.random()  # one farmer is good or poor at most things at once
    inputs: dict[str, Any] = {}
    for v in model.variables:
        if rng.random() < 0.12:
            continue  # missing
        bins = list(v.bins)
        if not v.higher_better:
            bins.reverse()  # worst first
        index = min(len(bins) - 1, max(0, int(rng.gauss(skill * len(bins), 1.0))))
        b = bins[index]
        inputs[v.id] = b.value if v.kind != "numeric" else _in_bin(rng, b.lo, b.hi, v.unit)
    inputs["expected_harvest_value_yuan"] = rng.choice([None, 0, 20_000, 60_000, 150_000])
    inputs["quality_change_percent"] = rng.choice([None, 5, 25])
    return inputs


def make_reports(model: ScoreModel, n: int, seed: int) -> list[CreditReportData]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        result = score(model, random_inputs(model, rng))
        sources = [("网店销售", f"{rng.randint(1, 3)} 个店铺，最近 12 个月 "
                                f"{rng.randint(0, 3000):,} 笔订单，数据截至 2026-11-20"),
                   ("种植记录", f"{rng.choice(CROPS)} {rng.randint(1, 40)} 亩，"
                                f"{rng.randint(1, 4)} 季收成，登记至 2026-10-15")]
        if rng.random() < 0.6:
            sources.append(("还款记录", f"{rng.randint(1, 4)} 笔贷款，截至 2026-11-01"))
        if rng.random() < 0.5:
            sources.append(("培训记录", f"近 12 个月 {rng.randint(1, 6)} 次数字技能培训"))
        out.append(CreditReportData(
            doc_id=f"CR-20261123-{i:06X}", issued_on=ISSUED_ON, station_name=STATION_NAME,
            station_code=STATION_CODE,
            farmer_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            resident_id_masked=mask_resident_id(random_id(rng)),
            village="横渠镇" + rng.choice(VILLAGES), result=result, model=model,
            scored_at=dt.datetime(2026, 11, 23, rng.randint(0, 8), rng.randint(0, 59),
                                  tzinfo=dt.timezone.utc),
            data_sources=tuple(sources), staff_name="李建国"))
    return out


# --------------------------------------------------------------------------- the two sides

def ours(data: CreditReportData, key: Any) -> Built:
    return signed_pdf(key, data, KIND, credit_report_content, build_credit_report)


def bare(data: CreditReportData) -> Built:
    return bare_pdf(lambda: credit_report._story(data))


# --------------------------------------------------------------------------- report

def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__, 200, "reports", 10, "credit_report_bench.md")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be ≥ 1")

    started, load_start, wall = start_run()
    model = load_model(paths.resources_dir() / "scorecard" / "credit_v1.json")
    font = find_pdf_font()
    key = signing.generate_signing_key()
    t0 = time.perf_counter()
    reports = make_reports(model, args.n, args.seed)
    prep = time.perf_counter() - t0
    for data in make_reports(model, args.warmup, args.seed + 1):  # font, caches, imports
        ours(data, key)
        bare(data)

    mine, theirs = interleave(reports, lambda data: ours(data, key), bare)

    # What the template adds, in parts (separately, on the same farmers).
    sign_s, qr_s = [], []
    for data in reports:
        t = time.perf_counter()
        text = signing.sign_document(key, doc_id=data.doc_id, kind=KIND,
                                     station_id=data.station_code, issued_on=data.issued_on,
                                     content=credit_report_content(data))
        sign_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        qr._qr.__wrapped__(text)  # the QR encoding, bypassing the cache
        qr_s.append(time.perf_counter() - t)
    total_wall = time.perf_counter() - wall

    ms_sign = statistics.fmean(sign_s) * 1000
    ms_qr = statistics.fmean(qr_s) * 1000
    mean_ours, rate_ours = mean_rate(to_ms(b.seconds for b in mine))
    mean_bare, rate_bare = mean_rate(to_ms(b.seconds for b in theirs))
    pages = collections.Counter(b.pages for b in mine)
    same_pages = sum(a.pages == b.pages for a, b in zip(mine, theirs))
    grades = collections.Counter(d.result.grade for d in reports)
    cmd = command("bench_documents.py", ("", args.n, 200), ("--seed", args.seed, 7))

    lines = [
        f"## Credit report PDFs ({args.n} reports)",
        "",
        "Farmer credit reports (信用报告, `station_app/documents/credit_report.py`) built and "
        "signed one after another, beside a bare reportlab document with the same text in "
        "the same run (interleaved report by report).",
        "",
        *run_lines(cmd, pdf_versions(font), started, total_wall, load_start, MEASURED),
        f"- Farmers: {args.n} scored with the shipped model `credit_v1.json` (seed "
        f"{args.seed}; {prep:.1f} s, not timed), grades "
        + ", ".join(f"{g} {grades[g]}" for g in sorted(grades))
        + f"; {args.warmup} warm-up reports of other farmers first",
        "",
        "**ours** = `credit_report_content` + `sign_document` (Ed25519) + "
        "`build_credit_report` into `BytesIO`: header, footer, \"第 x 页 共 y 页\" (two-pass "
        "canvas), the QR on every page, PDF metadata. **bare** = the same flowables "
        "(`credit_report._story`: same paragraphs and tables) in a plain `SimpleDocTemplate` "
        "with the same margins and the same registered CJK `TTFont`; no header, footer, QR, "
        "page-total pass or signing.",
        "",
        "| | reports/s | mean ms | p50 ms | p95 ms | max ms | mean size KiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        pdf_row("ours", mine),
        pdf_row("bare", theirs),
        "",
        f"**Ratio ours / bare: {mean_ours / mean_bare:.2f}×** the mean time per report "
        f"({rate_ours:.1f} against {rate_bare:.1f} reports a second).",
        "",
        "Pages of our reports: " + ", ".join(f"{k} pages × {pages[k]}" if k != 1 else
                                            f"1 page × {pages[k]}" for k in sorted(pages))
        + f"; the bare document broke pages the same way for {same_pages} of {args.n}.",
        "",
        f"Parts of the difference ({mean_ours - mean_bare:.1f} ms a report), measured "
        f"separately on the same farmers: signing (content + digest + Ed25519) "
        f"{ms_sign:.2f} ms; encoding the new QR text (qrcode, cache bypassed) "
        f"{ms_qr:.1f} ms; the rest, {mean_ours - mean_bare - ms_sign - ms_qr:.1f} ms, is "
        "the page furniture (header, footer and page total drawn on every page in the "
        "second pass, the QR's modules drawn once as a form) and the metadata.",
        "",
        "What the ratio means: the bare build is the floor for this text with reportlab "
        "(building the paragraphs, CJK line breaking, laying out and drawing the tables, "
        "writing the PDF with the font subset), so the ratio is what the station's page "
        "template, the signed QR and the page totals cost on top of the report's own text. "
        f"At {rate_ours:.0f} reports a second a single report takes "
        f"{mean_ours:.0f} ms: printing is limited by the printer, not by making the PDF; "
        f"a batch of 1,000 reports would take about {1000 / rate_ours:.0f} s.",
        "",
    ]
    write_report(lines, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
