"""Loan contracts and loan quotes per second, each beside a bare baseline.

    python bench/bench_contracts.py                     # 200 contracts, 5000 quotes
    python bench/bench_contracts.py 500 --quotes 20000 --seed 3
    python bench/bench_contracts.py --images docs/guide/images   # also the guide's PNGs

**Contracts.** N varied 12-month loans (amounts 3,000–300,000 元, the three monthly methods,
with and without guarantor, insurance and fees) are each built twice, interleaved loan by
loan (the order alternates so neither side always runs on a warm cache):

* **ours**: ``contract_content`` + ``sign_document`` (a fresh Ed25519 signature) +
  ``build_contract`` into memory – what the service does for one printed contract: the story
  (parties, articles, the 12-row schedule table), the page template (header, footer,
  "第 x 页 共 y 页" two-pass canvas, the QR as a form XObject on every page), the QR
  encoding of the new text and the embedded font subset;
* **bare**: the same flowables (``loan_contract._contract_story``) in a plain
  ``SimpleDocTemplate`` with the same margins and the same registered CJK ``TTFont``,
  default canvas: no header, footer, QR, metadata or page-total pass, no signing.

**Quotes.** Q varied quotes, alternately 种植贷 (``quote_planting_loan``) and 订单贷
(``quote_order_loan``, 1–15 orders each, some not eligible) with the shipped catalogue
``resources/products/loans.json``; inputs are made beforehand.  The bare baseline is
``build_schedule`` alone for the loan each eligible quote produced (same amount, rate, term,
method, date), interleaved the same way.  A refused quote has no schedule, so the ratio is
taken over the eligible quotes; the rate over all quotes is reported too.

Everything is written to ``io.BytesIO`` (no disk).  The markdown results section is printed
and written to ``bench/out/loan_contract_bench.md`` (``--out``).  ``--images DIR`` also
renders the contract of one sample loan (12 months, 等额本息, 50,000 元, cooperative
guarantor, insurance assigned) and its summary to ``loan-contract-{1,2,3}.png`` and
``loan-summary.png`` in DIR (80 dpi, ``pdftoppm``); ``--images-only`` skips the timing.
"""

from __future__ import annotations

import collections
import datetime as dt
import gc
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from bench_common import (  # first: it puts the repository on sys.path
    REPO,
    Built,
    bare_pdf,
    command,
    interleave,
    make_parser,
    mean_rate,
    pdf_row,
    pdf_versions,
    random_id,
    row,
    run_lines,
    signed_pdf,
    start_run,
    to_ms,
    write_report,
)

from station_app.documents import loan_contract, signing
from station_app.documents.fonts import find_pdf_font
from station_app.documents.loan_contract import (
    KIND_CONTRACT,
    KIND_SUMMARY,
    LoanContractData,
    build_contract,
    build_summary,
    contract_content,
)
from station_app.domain.loans import (
    LoanProduct,
    OrderForLoan,
    Quote,
    add_months,
    annualized_rate,
    build_schedule,
    load_products,
    quote_order_loan,
    quote_planting_loan,
)
from station_app.domain.masking import mask_resident_id

STATION_NAME = "眉县横渠镇农村电商金融服务站"
STATION_CODE = "MX-HQ-01"
STATION_PHONE = "0917-5521234"
LENDER = "陕西眉县农村商业银行横渠支行"
ISSUED_ON = dt.date(2026, 11, 23)
CATALOGUE = REPO / "resources" / "products" / "loans.json"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["芳", "建国", "秀英", "德明", "玉兰", "志强", "桂花", "永红", "海燕", "长生", "春梅",
         "国庆", "小军", "丽娟", "宝山"]
VILLAGES = ["横渠村三组", "青化村一组", "金渠村五组", "首善村二组", "汤峪村四组", "齐镇村六组"]
COOPS = ["眉县横渠猕猴桃专业合作社", "眉县金渠果业专业合作社", "眉县青化蔬菜种植专业合作社"]
MONTHLY = ("equal_installment", "equal_principal", "monthly_interest")
MEASURED = ["station_app/documents/loan_contract.py", "station_app/documents/page.py",
            "station_app/documents/signing.py", "station_app/domain/loans/quotes.py",
            "station_app/domain/loans/schedule.py"]


# --------------------------------------------------------------------------- loans

def _yuan(rng: random.Random, low: int, high: int, step: int = 100) -> Decimal:
    return Decimal(rng.randrange(low, high + 1, step)).quantize(Decimal("0.01"))


def make_loan(rng: random.Random, i: int, *, amount: Decimal | None = None,
              method: str | None = None, guarantor: str | None = None,
              policy: str | None = None, fees: Decimal | None = None,
              start: dt.date | None = None, rate: Decimal | None = None) -> LoanContractData:
    """One 12-month planting loan; every unspecified fact is drawn from ``rng``."""
    amount = _yuan(rng, 3000, 300000) if amount is None else amount
    method = rng.choice(MONTHLY) if method is None else method
    rate = rng.choice([Decimal("0.045"), Decimal("0.048"), Decimal("0.0435"),
                       Decimal("0.052")]) if rate is None else rate
    if start is None:  # one in ten on Jan 31: due dates clamped to the month ends
        start = dt.date(2026, 1, 31) if rng.random() < 0.1 else \
            dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
    fees = (Decimal(rng.choice([0, 0, 100, 300])).quantize(Decimal("0.01"))
            if fees is None else fees)
    schedule = build_schedule(amount, rate, 12, method, start)
    guarantor = (rng.choice(COOPS) if rng.random() < 0.7 else "") if guarantor is None \
        else guarantor
    policy = (f"PICC-2026-{rng.randint(0, 999999):06d}" if rng.random() < 0.5 else "") \
        if policy is None else policy
    return LoanContractData(
        contract_no=f"HT-20261123-{i:04d}", doc_id=f"LC-20261123-{i:06X}",
        issued_on=ISSUED_ON, station_name=STATION_NAME, station_code=STATION_CODE,
        station_phone=STATION_PHONE, lender_name=LENDER,
        farmer_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        resident_id_masked=mask_resident_id(random_id(rng)),
        village="横渠镇" + rng.choice(VILLAGES), product_name="种植贷", product_kind="planting",
        purpose="购买种子种苗、化肥农药、地膜和支付机耕机收等当季种植投入", amount=amount,
        annual_rate=rate, annualized_rate=annualized_rate(amount, schedule, fees), fees=fees,
        method=method, term_months=12, start=start, maturity=add_months(start, 12),
        schedule=tuple(schedule), guarantor=guarantor, insurance_policy_no=policy,
        staff_name="李建国")


def make_loans(n: int, seed: int) -> list[LoanContractData]:
    rng = random.Random(seed)
    return [make_loan(rng, i) for i in range(n)]


# --------------------------------------------------------------------------- contracts

def ours(data: LoanContractData, key: Any) -> Built:
    return signed_pdf(key, data, KIND_CONTRACT, contract_content, build_contract)


def bare(data: LoanContractData) -> Built:
    return bare_pdf(lambda: loan_contract._contract_story(data))


# --------------------------------------------------------------------------- quotes

@dataclass(frozen=True)
class QuoteCase:
    """Prepared inputs of one quote: the function and its keyword arguments."""

    kind: str
    call: Callable[..., Quote]
    product: LoanProduct
    kwargs: dict[str, Any]


def make_quote_cases(products: list[LoanProduct], n: int, seed: int) -> list[QuoteCase]:
    planting, order = products
    rng = random.Random(seed)
    statuses = ["paid"] * 4 + ["shipped"] * 4 + ["signed"] * 3 + ["completed", "cancelled"]
    cases = []
    for i in range(n):
        disbursement = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        common = dict(
            score_grade=rng.choice(["A", "A", "B", "B", "C", "D", "E"]),
            credit_limit=_yuan(rng, 20000, 300000, 1000),
            existing_debt=_yuan(rng, 0, 30000) if rng.random() < 0.3 else Decimal(0),
            disbursement=disbursement,
            has_coop_guarantee=rng.random() < 0.85,
            has_weather_insurance=rng.random() < 0.5)
        if i % 2 == 0:
            kwargs = dict(
                common, planted_area_mu=Decimal(rng.randint(2, 60)) / 2,
                input_cost_per_mu=_yuan(rng, 800, 3000, 50),
                expected_harvest=disbursement + dt.timedelta(days=rng.randint(90, 300)),
                requested_amount=_yuan(rng, 3000, 40000) if rng.random() < 0.5 else None,
                method=rng.choice(planting.methods))
            cases.append(QuoteCase("planting", quote_planting_loan, planting, kwargs))
        else:
            orders = [OrderForLoan(
                order_id=f"PDD{i:06d}{k:02d}", amount=_yuan(rng, 500, 30000, 1),
                status=rng.choice(statuses),
                expected_settlement=disbursement + dt.timedelta(days=rng.randint(-5, 150)),
                after_sale="refunding" if rng.random() < 0.05 else "none")
                for k in range(rng.randint(1, 15))]
            kwargs = dict(common, orders=orders, method=rng.choice(order.methods),
                          requested_amount=_yuan(rng, 5000, 60000) if rng.random() < 0.4
                          else None)
            cases.append(QuoteCase("order", quote_order_loan, order, kwargs))
    return cases


def time_quote(case: QuoteCase) -> tuple[float, Quote]:
    start = time.perf_counter()
    quote = case.call(case.product, **case.kwargs)
    return time.perf_counter() - start, quote


def time_schedule(quote: Quote) -> float:
    start = time.perf_counter()
    build_schedule(quote.amount, quote.annual_rate, quote.term_months, quote.method,
                   quote.disbursement)
    return time.perf_counter() - start


# --------------------------------------------------------------------------- images

def sample_loan() -> LoanContractData:
    """The guide's sample: 50,000 元, 12 months, 等额本息, cooperative guarantee, insurance."""
    catalogue = load_products(CATALOGUE)
    product = catalogue["planting_standard"]
    quote = quote_planting_loan(
        product, score_grade="B", credit_limit=Decimal("80000"),
        planted_area_mu=Decimal("20"), input_cost_per_mu=Decimal("3000"),
        disbursement=dt.date(2026, 11, 23), expected_harvest=dt.date(2027, 9, 10),
        requested_amount=Decimal("50000"), method="equal_installment",
        has_coop_guarantee=True, has_weather_insurance=True, requested_term_months=12)
    if not quote.eligible:
        raise SystemExit("the sample quote was refused: " + "; ".join(quote.reasons))
    return LoanContractData(
        contract_no="HT-20261123-0001", doc_id="LC-20261123-0001", issued_on=ISSUED_ON,
        station_name=STATION_NAME, station_code=STATION_CODE, station_phone=STATION_PHONE,
        lender_name=getattr(catalogue, "lender_name", "") or LENDER, farmer_name="王芳",
        resident_id_masked="610326********0036", village="横渠镇横渠村三组",
        product_name=product.name_zh, product_kind=product.kind, purpose=product.purpose_zh,
        amount=quote.amount, annual_rate=quote.annual_rate,
        annualized_rate=quote.annualized_rate or Decimal(0), fees=quote.fees,
        method=quote.method, term_months=quote.term_months, start=quote.disbursement,
        maturity=quote.maturity, schedule=quote.schedule, guarantor=COOPS[0],
        insurance_policy_no="PICC-2026-610326-0088", staff_name="李建国")


def render_images(out_dir: Path, key: Any, dpi: int = 80) -> list[Path]:
    """Contract pages and the summary of :func:`sample_loan` as PNGs in ``out_dir``."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed for --images")
    data = sample_loan()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, builder, name in ((KIND_CONTRACT, build_contract, "loan-contract"),
                                    (KIND_SUMMARY, build_summary, "loan-summary")):
            qr_text = signing.sign_document(key, doc_id=data.doc_id, kind=kind,
                                            station_id=data.station_code,
                                            issued_on=data.issued_on,
                                            content=contract_content(data))
            pdf = Path(tmp) / f"{name}.pdf"
            pages = builder(pdf, data, qr_text)
            subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / name)],
                           check=True, capture_output=True)
            images = sorted(Path(tmp).glob(f"{name}-*.png"),
                            key=lambda p: int(p.stem.rsplit("-", 1)[1]))
            assert len(images) == pages
            for number, image in enumerate(images, start=1):
                target = out_dir / (f"{name}-{number}.png" if pages > 1 else f"{name}.png")
                shutil.copyfile(image, target)
                written.append(target)
    return written


# --------------------------------------------------------------------------- report

def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__, 200, "contracts", 10, "loan_contract_bench.md")
    parser.add_argument("--quotes", type=int, default=5000, help="quotes (default 5000)")
    parser.add_argument("--images", type=Path, metavar="DIR",
                        help="also render the sample contract and summary to PNGs in DIR")
    parser.add_argument("--images-only", action="store_true",
                        help="only render the images (needs --images)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.quotes < 2:
        parser.error("need at least 1 contract and 2 quotes")
    if args.images_only and args.images is None:
        parser.error("--images-only needs --images DIR")

    key = signing.generate_signing_key()
    if args.images is not None:
        for path in render_images(args.images, key):
            print(f"image: {path}", file=sys.stderr)
        if args.images_only:
            return 0

    started, load_start, wall = start_run()
    font = find_pdf_font()
    catalogue = load_products(CATALOGUE)
    products = [catalogue["planting_standard"], catalogue["order_standard"]]

    # ---- contracts
    t0 = time.perf_counter()
    loans = make_loans(args.n, args.seed)
    prep = time.perf_counter() - t0
    for data in make_loans(args.warmup, args.seed + 1):  # font, caches, imports
        ours(data, key)
        bare(data)
    mine, theirs = interleave(loans, lambda data: ours(data, key), bare)
    sign_s = []
    for data in loans:
        t = time.perf_counter()
        signing.sign_document(key, doc_id=data.doc_id, kind=KIND_CONTRACT,
                              station_id=data.station_code, issued_on=data.issued_on,
                              content=contract_content(data))
        sign_s.append(time.perf_counter() - t)

    # ---- quotes: one untimed pass makes every quote (and warms up), then the timed pass
    cases = make_quote_cases(products, args.quotes, args.seed)
    for case in make_quote_cases(products, 200, args.seed + 1):
        time_quote(case)
    results = [case.call(case.product, **case.kwargs) for case in cases]
    quote_all: list[float] = []
    quote_eligible: list[float] = []
    schedule_s: list[float] = []
    by_kind: dict[str, list[float]] = collections.defaultdict(list)
    refused: collections.Counter[str] = collections.Counter()
    gc.collect()
    gc.disable()  # a quote takes well under a millisecond: keep collector pauses out
    try:
        for i, (case, expected) in enumerate(zip(cases, results)):
            bare_seconds = None
            if expected.eligible and (i // 2) % 2:  # every other pair: the bare side first
                bare_seconds = time_schedule(expected)
            seconds, quote = time_quote(case)
            if expected.eligible and bare_seconds is None:
                bare_seconds = time_schedule(expected)
            assert quote == expected
            quote_all.append(seconds)
            by_kind[case.kind].append(seconds)
            if bare_seconds is None:
                refused[case.kind] += 1
            else:
                quote_eligible.append(seconds)
                schedule_s.append(bare_seconds)
    finally:
        gc.enable()
    irr_s = []  # the annualized rate alone, for the eligible quotes (separately)
    for quote in results:
        if quote.eligible:
            t = time.perf_counter()
            annualized_rate(quote.amount, list(quote.schedule), quote.fees)
            irr_s.append(time.perf_counter() - t)
    total_wall = time.perf_counter() - wall

    # ---- report
    mean_ours, rate_ours = mean_rate(to_ms(b.seconds for b in mine))
    mean_bare, rate_bare = mean_rate(to_ms(b.seconds for b in theirs))
    ms_sign = statistics.fmean(sign_s) * 1000
    pages = collections.Counter(b.pages for b in mine)
    same_pages = sum(a.pages == b.pages for a, b in zip(mine, theirs))
    methods = collections.Counter(d.method for d in loans)
    q_all, q_ok, q_bare = to_ms(quote_all), to_ms(quote_eligible), to_ms(schedule_s)
    rate_q_all = 1000 / statistics.fmean(q_all)
    rate_q_ok = 1000 / statistics.fmean(q_ok)
    rate_q_bare = 1000 / statistics.fmean(q_bare)
    cmd = command("bench_contracts.py", ("", args.n, 200), ("--quotes", args.quotes, 5000),
                  ("--seed", args.seed, 7))
    kinds_line = ", ".join(
        f"{kind} {len(by_kind[kind])} ({refused[kind]} refused, "
        f"{1 / statistics.fmean(by_kind[kind]):,.0f} quotes/s)"
        for kind in ("planting", "order"))

    lines = [
        f"## Loan contracts ({args.n}) and loan quotes ({args.quotes})",
        "",
        "Loan contracts (借款合同, `station_app/documents/loan_contract.py`) built and signed "
        "one after another beside a bare reportlab document with the same text, and loan "
        "quotes (`quote_planting_loan`, `quote_order_loan`) beside `build_schedule` alone, "
        "in the same run (each interleaved item by item).",
        "",
        *run_lines(cmd, pdf_versions(font), started, total_wall, load_start, MEASURED),
        f"- Loans: {args.n} 12-month planting loans (seed {args.seed}; {prep:.1f} s to make, "
        "not timed), 3,000–300,000 元, methods "
        + ", ".join(f"{k} {methods[k]}" for k in MONTHLY)
        + f"; {sum(bool(d.guarantor) for d in loans)} with a guarantor, "
        f"{sum(bool(d.insurance_policy_no) for d in loans)} with insurance assigned, "
        f"{sum(d.fees > 0 for d in loans)} with fees; {args.warmup} warm-up contracts first",
        "",
        "### Contracts",
        "",
        "**ours** = `contract_content` + `sign_document` (Ed25519) + `build_contract` into "
        "`BytesIO`: header, footer, \"第 x 页 共 y 页\" (two-pass canvas), the QR on every "
        "page, PDF metadata. **bare** = the same flowables (`loan_contract._contract_story`: "
        "parties, articles, the schedule table, signature block) in a plain "
        "`SimpleDocTemplate` with the same margins and the same registered CJK `TTFont`; "
        "no header, footer, QR, page-total pass or signing.",
        "",
        "| | contracts/s | mean ms | p50 ms | p95 ms | max ms | mean size KiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        pdf_row("ours", mine),
        pdf_row("bare", theirs),
        "",
        f"**Ratio ours / bare: {mean_ours / mean_bare:.2f}×** the mean time per contract "
        f"({rate_ours:.1f} against {rate_bare:.1f} contracts a second).",
        "",
        "Pages of our contracts: " + ", ".join(f"{k} pages × {pages[k]}"
                                              for k in sorted(pages))
        + f"; the bare document broke pages the same way for {same_pages} of {args.n}.",
        f"Signing alone (content + schedule digest + Ed25519), measured separately: "
        f"{ms_sign:.2f} ms a contract.",
        "",
        "### Quotes",
        "",
        f"{args.quotes} quotes, alternately 种植贷 and 订单贷 (1–15 orders each), grades A–E, "
        "random limits, debts, areas, costs, dates and methods; inputs made beforehand, 200 "
        f"warm-up quotes first. {kinds_line}. **ours** = one `quote_*` call (checks, caps, "
        "term, `build_schedule`, `annualized_rate` by IRR, notes); **bare** = "
        "`build_schedule` alone for the loan the eligible quote produced.",
        "",
        "| | per second | mean ms | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
        row("ours, all quotes", rate_q_all, q_all, places=3),
        row(f"ours, eligible ({len(q_ok)})", rate_q_ok, q_ok, places=3),
        row(f"bare `build_schedule` ({len(q_bare)})", rate_q_bare, q_bare, places=3),
        "",
        f"**Ratio ours / bare (eligible quotes): "
        f"{statistics.fmean(q_ok) / statistics.fmean(q_bare):.2f}×** the mean time per "
        f"quote ({rate_q_ok:,.0f} against {rate_q_bare:,.0f} a second).",
        "",
        f"Parts, measured separately on the eligible quotes: `annualized_rate` (IRR, Newton "
        f"in 60-digit `Decimal`) {statistics.fmean(irr_s) * 1000:.3f} ms; the schedule "
        f"{statistics.fmean(q_bare):.3f} ms; the rest of the quote (input checks, caps, "
        f"order filtering, term, notes, the `Quote`) "
        f"{statistics.fmean(q_ok) - statistics.fmean(q_bare) - statistics.fmean(irr_s) * 1000:.3f}"
        " ms.",
        "",
        "What the ratios mean: the bare contract is the floor for this text with reportlab "
        "(paragraphs, CJK line breaking, the tables, writing the PDF with the font subset), so "
        "its ratio is what the station's page template, the signed QR and the page totals cost "
        f"on top. At {rate_ours:.0f} contracts a second one contract takes {mean_ours:.0f} ms: "
        "printing is limited by the printer, and a batch of 100 contracts takes about "
        f"{100 / rate_ours:.0f} s. At {rate_q_all:,.0f} quotes a second the quote screen can "
        "recompute on every keystroke.",
        "",
    ]
    write_report(lines, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
