"""What the timing benchmarks share: the machine and versions of a run, timing statistics,
the markdown of the results, and the ours-beside-bare PDF timing of the document benches.

The scripts run as ``python bench/bench_x.py``, so this folder is on ``sys.path`` and they
import it as ``bench_common``; it puts the repository on ``sys.path`` for ``station_app``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import io
import math
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TypeVar

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

T = TypeVar("T")
R = TypeVar("R")


# --------------------------------------------------------------------------- the run

def make_parser(doc: str, n_default: int, noun: str, warmup: int, out_name: str
                ) -> argparse.ArgumentParser:
    """The options every bench has: ``n`` (how many ``noun``), ``--seed``, ``--warmup`` and
    ``--out`` (``bench/out/<out_name>`` by default)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=n_default,
                        help=f"{noun} (default {n_default})")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / out_name)
    return parser


def start_run() -> tuple[dt.datetime, str, float]:
    """When the run started (UTC), the load average then, and the wall clock to time it."""
    return dt.datetime.now(dt.timezone.utc), load(), time.perf_counter()


def machine() -> dict[str, str]:
    """CPU model, cores, RAM and OS of this machine (``unknown`` where Linux's /proc is not)."""
    cpu, ram = "unknown", "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": ram,
            "os": f"{platform.system()} {platform.release()}"}


def load() -> str:
    """The load averages, ``1 / 5 / 15`` minutes."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def sha(path: str) -> str:
    """The first 12 hex digits of the sha256 of a file of the repository."""
    return hashlib.sha256((REPO / path).read_bytes()).hexdigest()[:12]


def random_id(rng: random.Random) -> str:
    """A resident id of 眉县 (610326) with a birth date; the check digit is not computed."""
    body = f"610326{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return body + f"{rng.randint(0, 9999):04d}"


# --------------------------------------------------------------------------- timing

def pct(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def to_ms(seconds: Iterable[float]) -> list[float]:
    return [s * 1000 for s in seconds]


def mean_rate(ms: Sequence[float]) -> tuple[float, float]:
    """The mean of times in milliseconds, and how many a second that makes."""
    mean = statistics.fmean(ms)
    return mean, 1000 / mean


def interleave(items: Iterable[T], first: Callable[[T], R], second: Callable[[T], R]
               ) -> tuple[list[R], list[R]]:
    """``first`` and ``second`` on every item, the order alternating item by item so that
    neither side always runs on a warm cache; their results in two lists."""
    mine: list[R] = []
    theirs: list[R] = []
    gc.collect()
    for i, item in enumerate(items):
        if i % 2 == 0:
            mine.append(first(item))
            theirs.append(second(item))
        else:
            theirs.append(second(item))
            mine.append(first(item))
    return mine, theirs


@dataclass
class Built:
    """One timed PDF: seconds to make it, its pages and bytes."""

    seconds: float
    pages: int
    size: int


def signed_pdf(key: Any, data: Any, kind: str, content: Callable[[Any], str],
               build: Callable[[Any, Any, str], int]) -> Built:
    """What the service does for one printed document, timed: sign its content (a fresh
    Ed25519 signature) and build it with the station's page template into memory."""
    from station_app.documents import signing

    start = time.perf_counter()
    qr_text = signing.sign_document(key, doc_id=data.doc_id, kind=kind,
                                    station_id=data.station_code, issued_on=data.issued_on,
                                    content=content(data))
    out = io.BytesIO()
    pages = build(out, data, qr_text)
    seconds = time.perf_counter() - start
    return Built(seconds, pages, len(out.getvalue()))


def bare_pdf(story: Callable[[], list[Any]]) -> Built:
    """The same flowables in a plain ``SimpleDocTemplate`` (same margins, same CJK font),
    timed: no header, footer, QR, metadata or page-total pass, no signing."""
    from reportlab.platypus import SimpleDocTemplate

    from station_app.documents import page
    from station_app.documents.fonts import pdf_font_name

    lay = page.PageLayout()
    start = time.perf_counter()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=lay.page_size, leftMargin=lay.left,
                            rightMargin=lay.right, topMargin=lay.top, bottomMargin=lay.bottom,
                            initialFontName=pdf_font_name())
    doc.build(story())
    seconds = time.perf_counter() - start
    return Built(seconds, doc.page, len(out.getvalue()))


# --------------------------------------------------------------------------- markdown

def row(name: str, unit_rate: float, ms: Sequence[float], extra: str = "", places: int = 1,
        rate_places: int = 1) -> str:
    """One markdown table row: rate, mean, p50, p95 and max milliseconds."""
    f = f".{places}f"
    return (f"| {name} | {unit_rate:,.{rate_places}f} | {statistics.fmean(ms):{f}} | "
            f"{pct(ms, .5):{f}} | {pct(ms, .95):{f}} | {max(ms):{f}} |{extra}")


def pdf_row(name: str, built: Sequence[Built]) -> str:
    """A row of :func:`row` for built PDFs, with their mean size in KiB."""
    ms = to_ms(b.seconds for b in built)
    return row(name, mean_rate(ms)[1], ms,
               f" {statistics.fmean(b.size for b in built) / 1024:.1f} |")


def command(script: str, *options: tuple[str, object, object]) -> str:
    """The command line of a run: ``python bench/<script>`` and each ``(flag, value,
    default)`` whose value is not the default (an empty flag is a positional argument)."""
    words = [f"python bench/{script}"]
    for flag, value, default in options:
        if value != default:
            words.append(f"{flag} {value}" if flag else str(value))
    return " ".join(words)


def run_lines(cmd: str, versions: str, started: Any, total_wall: float, load_start: str,
              measured: Iterable[str]) -> list[str]:
    """The command block and the lines on the machine, versions, run and measured code."""
    m = machine()
    return [
        "```sh",
        cmd,
        "```",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}",
        f"- Python {platform.python_version()}, {versions}",
        f"- Run: {started:%Y-%m-%d %H:%M} UTC, {total_wall:.0f} s in all; load average "
        f"{load_start} at the start, {load()} at the end (the machine is shared)",
        "- Product code measured (sha256 prefixes): "
        + ", ".join(f"`{Path(p).name}` {sha(p)}" for p in measured),
    ]


def pdf_versions(font: Any) -> str:
    """reportlab, qrcode and cryptography versions and the embedded font."""
    return (f"reportlab {version('reportlab')}, qrcode {version('qrcode')}, cryptography "
            f"{version('cryptography')}; font `{font.path.name}` (face {font.subfont_index}, "
            "embedded as a subset)")


def write_report(lines: list[str], out: Path) -> None:
    """Print the markdown and write it to ``out``."""
    text = "\n".join(lines)
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written to {out}", file=sys.stderr)
