"""How long the sample's Dutch edition takes to build, stage by stage.

    .venv/bin/python bench/bench.py [--rounds N] [--warmup N] [--json] [--brief FILE.md]

Each round times, in one process and on the same input:

- our pipeline, one stage at a time: `brief.source.load`, `brief.render.render_html`,
  `brief.build.pages` (WeasyPrint's ``HTML(...).render()``), ``document.write_pdf()``
  (WeasyPrint writes the PDF, with the screen variant's options) and
  `brief.finish.finish` (pypdf: metadata, outline);
- the whole build, `brief.build.write_edition` of the loaded brief into a temporary
  file, without the preflight;
- the baseline: WeasyPrint alone on the same HTML and the same stylesheet,
  ``HTML(string=html, base_url=...).write_pdf(stylesheets=[CSS(filename=brief.css)])``.

The three groups run in a different order in each round (rotated), so that
machine noise and warm caches hit them alike; garbage is collected before each
measurement. The figures are medians over the rounds, after `--warmup` rounds
that are not counted. The ratio whole build / baseline is compared with the
target, 1.2; the script exits 0 either way: it measures, it does not test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

import brief
from brief import build as stages
from brief import finish, render, source
from brief.options import Options
from brief.resources import styles_dir
from brief.variants import VARIANTS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "briefs" / "energiearmoede.md"
TARGET = 1.2
#: The variant measured, and what the build passes to ``document.write_pdf`` for
#: it, so that the stages add up to the whole build.
VARIANT = VARIANTS["screen"]
WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": VARIANT.pdf_variant}
OPTIONS = Options(check=False)

#: What is printed, in this order: key, label.
ROWS = [
    ("load", "load (Markdown → model)"),
    ("render", "render (model → HTML)"),
    ("layout", "WeasyPrint layout"),
    ("write", "WeasyPrint PDF writing"),
    ("finish", "pypdf finishing"),
    ("build", "whole build (write_pdf)"),
    ("baseline", "WeasyPrint alone"),
]


def _timed(samples: dict[str, list[float]], key: str, fn: Callable[[], Any]) -> Any:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    samples[key].append(time.perf_counter() - start)
    return result


def _round(path: Path, out: Path, samples: dict[str, list[float]], order: list[str]) -> None:
    state: dict[str, Any] = {}

    def pipeline() -> None:
        b = _timed(samples, "load", lambda: source.load(path))
        html = _timed(samples, "render", lambda: render.render_html(b))
        document = _timed(samples, "layout", lambda: stages.pages(b, VARIANT, OPTIONS, html)[0])
        data = _timed(samples, "write", lambda: document.write_pdf(**WRITE_OPTIONS))
        _timed(samples, "finish", lambda: finish.finish(data, b, document))
        state["brief"], state["html"] = b, html

    def build() -> None:
        b = state.get("brief") or source.load(path)
        _timed(samples, "build", lambda: stages.write_edition(b, out, options=OPTIONS))

    def baseline() -> None:
        b = state.get("brief") or source.load(path)
        html = state.get("html") or render.render_html(b)
        css_file = styles_dir() / "brief.css"
        base_url = str(b.base_dir) + os.sep

        def weasyprint_alone() -> bytes:
            # The stylesheet's @font-face rules need a FontConfiguration,
            # else WeasyPrint ignores them and sets the text in system fonts.
            fonts = FontConfiguration()
            css = weasyprint.CSS(filename=str(css_file), font_config=fonts)
            return weasyprint.HTML(string=html, base_url=base_url).write_pdf(
                stylesheets=[css], font_config=fonts
            )

        _timed(samples, "baseline", weasyprint_alone)

    groups = {"pipeline": pipeline, "build": build, "baseline": baseline}
    for name in order:
        groups[name]()


def measure(path: Path, rounds: int, warmup: int) -> dict[str, Any]:
    samples: dict[str, list[float]] = {key: [] for key, _ in ROWS}
    names = ["pipeline", "build", "baseline"]
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        out = Path(tmp) / "bench-nl.pdf"
        for _ in range(warmup):
            _round(path, out, {key: [] for key, _ in ROWS}, names)
        for i in range(rounds):
            k = i % len(names)
            _round(path, out, samples, names[k:] + names[:k])
        pages = len(pypdf.PdfReader(out).pages)
        lang = source.load(path).lang
    stats = {
        key: {"median": statistics.median(v), "min": min(v), "max": max(v), "samples": v}
        for key, v in samples.items()
    }
    ratio = stats["build"]["median"] / stats["baseline"]["median"]
    variant = f"{VARIANT.name} ({VARIANT.pdf_variant})"
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mib = rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
    return {
        "brief": str(path),
        "edition": lang,
        "variant": variant,
        "pages": pages,
        "rounds": rounds,
        "warmup": warmup,
        "seconds": stats,
        "ratio": ratio,
        "target": TARGET,
        "pass": ratio <= TARGET,
        "peak_rss_mib": round(rss_mib, 1),
        "versions": {
            "python": platform.python_version(),
            "brief": brief.__version__,
            "weasyprint": weasyprint.__version__,
            "pypdf": pypdf.__version__,
        },
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def table(result: dict[str, Any]) -> str:
    s = result["seconds"]
    v = result["versions"]
    lines = [
        f"brief {v['brief']}, WeasyPrint {v['weasyprint']}, pypdf {v['pypdf']}, Python {v['python']}",
        f"{result['brief']}, edition '{result['edition']}', variant {result['variant']}, "
        f"{result['pages']} pages; {_plural(result['rounds'], 'round')} "
        f"after {_plural(result['warmup'], 'warm-up round')}",
        "",
        f"{'':<28}{'median':>9}{'min':>9}{'max':>9}",
    ]
    for key, label in ROWS:
        if key == "build":
            lines.append(f"{'':<28}{'-' * 27}")
        lines.append(f"{label:<28}{s[key]['median']:>8.3f}s{s[key]['min']:>8.3f}s{s[key]['max']:>8.3f}s")
    stages = sum(s[k]["median"] for k in ("render", "layout", "write", "finish"))
    verdict = "PASS" if result["pass"] else "FAIL"
    lines += [
        "",
        f"sum of the stages after load: {stages:.3f} s (medians)",
        f"whole build / WeasyPrint alone: {result['ratio']:.2f} (target ≤ {result['target']}): {verdict}",
        f"peak memory (max RSS of this process): {result['peak_rss_mib']:.0f} MiB",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--rounds", type=int, default=5, metavar="N", help="measured rounds (default 5)")
    p.add_argument(
        "--warmup", type=int, default=1, metavar="N", help="rounds run first and not counted (default 1)"
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--brief",
        type=Path,
        default=SAMPLE,
        metavar="FILE.md",
        help="the brief to build (default: the sample); its source edition is built",
    )
    args = p.parse_args(argv)
    if args.rounds < 1 or args.warmup < 0:
        p.error("--rounds must be at least 1 and --warmup at least 0")
    result = measure(args.brief, args.rounds, args.warmup)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
