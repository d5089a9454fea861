"""How fast brief builds the sample, measured against WeasyPrint alone.

    .venv/bin/python bench/bench.py [--rounds N] [--jobs N] [--json] [--no-stages]

Each round works in a copy of the sample (its Markdown, figure and
catalogs) in a temporary folder, and times, one after the other:

- **W**, the yardstick: WeasyPrint alone writing the Dutch edition's HTML to
  PDF with brief.css, by its own command line (``weasyprint -s brief.css
  FILE.html FILE.pdf``), as `make pdf` runs brief's; and **W₀**, the same in
  this process, warm (``HTML(string=...).write_pdf()``), for comparison;
- **cold**: `make pdf`'s command (``brief build FILE.md --press --web``:
  three editions, three press editions, checked, and three web editions)
  into an empty folder;
- **unchanged**: the same command again, nothing changed;
- **one paragraph**: the same command after one paragraph of the source
  was edited (every edition is made from it: all six files are rebuilt);
- **one edition**: ``brief build FILE.md --lang nl`` (with its checks) after
  another edit.

Each is timed by the wall clock (the verdicts) and by the CPU time of its
processes (the command and its workers, user and system): on a machine
that others share, the wall clock of a parallel build says as much about
their work as about brief's, the CPU time does not.

The commands run as ``make pdf`` runs them, in a process of their own: their
times include starting Python and loading brief, as W's include starting
Python and loading WeasyPrint. Each is divided by W of the same round (the machine is shared: a ratio within one round is steadier
than a time), and the medians over the rounds are compared with the targets
in the README. The memory is the largest resident size of any process of the
builds (the command or one of its workers). With ``--no-stages`` the table
of one edition's stages (in this process: each stage alone, medians) is left
out. The script exits 0 either way: it measures, it does not test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "briefs" / "energiearmoede.md"
LOCALES = ROOT / "locales"

#: The targets, as ratios to W (memory in MiB, checks as a share of the layout).
TARGETS = {"unchanged": 0.2, "one paragraph": 3.0, "one edition": 1.3}
MEMORY_TARGET = 300
CHECK_TARGET = 0.10
RUNS = ["cold", "unchanged", "one paragraph", "one edition"]


def _copy(folder: Path) -> Path:
    """The sample, its figure and its catalogs, in `folder`."""
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    for figure in SAMPLE.parent.glob(f"{SAMPLE.stem}*.svg"):
        shutil.copy(figure, folder)
    shutil.copytree(LOCALES, folder / "locales", dirs_exist_ok=True)
    return folder / SAMPLE.name


def _edit(source: Path, tag: str) -> None:
    """Edit one paragraph: a few words added to the first paragraph of the body."""
    text = source.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5
    start = text.index("\n\n", text.index("\n# ", body)) + 2
    end = text.index("\n", start)
    paragraph = re.sub(r" \(versie [\w-]+\)$", "", text[start:end])
    source.write_text(text[:start] + f"{paragraph} (versie {tag})" + text[end:], encoding="utf-8")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(source: Path, out: Path, *extra: str, jobs: int | None) -> tuple[float, float]:
    """Run ``brief build`` as `make pdf` does; its wall-clock time, and the
    CPU time of its processes (the command and its workers)."""
    args = [sys.executable, "-m", "brief", "build", str(source), "--out", str(out),
            "--locales", str(source.parent / "locales"), *extra]
    if jobs:
        args += ["--jobs", str(jobs)]
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):          # 1: the checks found an error, still a build
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return seconds, _children_cpu() - cpu


def _weasyprint_alone(html: str, base_url: str) -> tuple[float, float]:
    """W: WeasyPrint alone writes the edition's HTML to PDF with brief.css;
    its wall-clock and CPU times."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from brief.resources import styles_dir
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    fonts = FontConfiguration()     # the @font-face rules need one, or the text is in system fonts
    css = weasyprint.CSS(filename=str(styles_dir() / "brief.css"), font_config=fonts)
    weasyprint.HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css], font_config=fonts)
    return time.perf_counter() - start, time.process_time() - cpu


def _weasyprint_command(html: Path, base_url: str) -> tuple[float, float]:
    """W as a command: WeasyPrint's own command line writes the edition's
    HTML to PDF with brief.css (starting Python and loading WeasyPrint, as
    `make pdf` starts Python and loads brief); its wall-clock and CPU times."""
    from brief.resources import styles_dir
    args = [sys.executable, "-m", "weasyprint", "--base-url", base_url, "-s", str(styles_dir() / "brief.css"),
            str(html), str(html.with_suffix(".pdf"))]
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def measure(rounds: int, jobs: int | None) -> dict[str, Any]:
    from brief import build, load
    from brief.options import Options
    from brief.render import render_html

    sample = load(SAMPLE)
    html = render_html(build.edition(sample, "nl", Options(locales=LOCALES)).brief)
    base_url = str(sample.base_dir) + os.sep
    samples: dict[str, list[float]] = {name: [] for name in ["W", "W command", *RUNS]}
    cpu: dict[str, list[float]] = {name: [] for name in ["W", "W command", *RUNS]}
    in_process: dict[str, list[float]] = {name: [] for name in RUNS}
    ratios: dict[str, list[float]] = {name: [] for name in RUNS}
    cpu_ratios: dict[str, list[float]] = {name: [] for name in RUNS}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        source = _copy(Path(tmp))
        out = Path(tmp) / "build"
        one = Path(tmp) / "one"
        page = Path(tmp) / "edition.html"
        page.write_text(html, encoding="utf-8")
        for i in range(rounds):
            w_in, w_in_cpu = _weasyprint_alone(html, base_url)
            w, w_cpu = _weasyprint_command(page, base_url)
            shutil.rmtree(out, ignore_errors=True)
            times = {
                "cold": _command(source, out, "--press", "--web", jobs=jobs),
                "unchanged": _command(source, out, "--press", "--web", jobs=jobs),
            }
            _edit(source, f"{i}a")
            times["one paragraph"] = _command(source, out, "--press", "--web", jobs=jobs)
            _command(source, one, "--lang", "nl", jobs=jobs)           # its cache, then an edit
            _edit(source, f"{i}b")
            times["one edition"] = _command(source, one, "--lang", "nl", jobs=jobs)
            samples["W"].append(w_in)
            cpu["W"].append(w_in_cpu)
            samples["W command"].append(w)
            cpu["W command"].append(w_cpu)
            for name, (seconds, used) in times.items():
                samples[name].append(seconds)
                cpu[name].append(used)
                ratios[name].append(seconds / w)
                cpu_ratios[name].append(used / w_cpu)
                in_process[name].append(seconds / w_in)
            loads.append(os.getloadavg()[0])
            print(f"round {i + 1}: W {w_in:.2f} s, W command {w:.2f} s, " + ", ".join(f"{n} {s:.2f} s" for n, (s, _) in times.items())
                  + f"; load {loads[-1]:.1f}", file=sys.stderr)
    # ru_maxrss: KiB on Linux, bytes on macOS; of the largest process waited for.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    memory = rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
    results = {name: {"median": statistics.median(v), "min": min(v), "max": max(v), "samples": v,
                      "cpu": statistics.median(cpu[name])}
               for name, v in samples.items()}
    verdicts = {name: {"ratio": statistics.median(ratios[name]), "target": target,
                       "pass": statistics.median(ratios[name]) <= target}
                for name, target in TARGETS.items()}
    verdicts["memory"] = {"MiB": round(memory), "target": MEMORY_TARGET, "pass": memory <= MEMORY_TARGET}
    for name in RUNS:
        results[name]["cpu ratio"] = statistics.median(cpu_ratios[name])
        results[name]["in-process ratio"] = statistics.median(in_process[name])
    return {"rounds": rounds, "jobs": jobs or os.cpu_count(), "seconds": results,
            "cold ratio": statistics.median(ratios["cold"]), "targets": verdicts,
            "load": statistics.median(loads)}


# -- the stages of one edition -----------------------------------------------------------------

STAGES = [
    ("load", "load (Markdown → model)"),
    ("render", "translate and render (→ HTML)"),
    ("layout", "layout, screen (WeasyPrint)"),
    ("layout press", "layout, press (WeasyPrint)"),
    ("write", "PDF writing, screen (WeasyPrint)"),
    ("finish", "finishing (pypdf)"),
    ("check", "preflight (pdfium, pypdf)"),
]


def _edition(sample: Any, options: Any) -> tuple[Any, str]:
    from brief import build
    from brief.render import render_html
    text = build.edition(sample, "nl", options).brief
    return text, render_html(text)


def stages(rounds: int) -> dict[str, Any]:
    """Each stage of the Dutch edition alone, in this process (CPU time: what
    the stage costs, whatever else the machine runs)."""
    from brief import build, check, finish, load, source
    from brief.options import Options
    from brief.variants import VARIANTS

    options = Options(locales=LOCALES)
    sample = load(SAMPLE)
    samples: dict[str, list[float]] = {key: [] for key, _ in STAGES}

    def timed(key: str, fn: Callable[[], Any]) -> Any:
        gc.collect()
        start = time.process_time()
        result = fn()
        samples[key].append(time.process_time() - start)
        return result

    def one_round() -> int:
        timed("load", lambda: source.load(SAMPLE))
        text, html = timed("render", lambda: _edition(sample, options))
        document = timed("layout", lambda: build.pages(text, VARIANTS["screen"], options, html))
        timed("layout press", lambda: build.pages(text, VARIANTS["press"], options, html))
        data = timed("write", lambda: document.write_pdf(pdf_variant=VARIANTS["screen"].pdf_variant))
        finished = timed("finish", lambda: finish.finish(data, text, document))
        timed("check", lambda: check.check_pdf(finished, min_fill=check.NEAR_EMPTY))
        return len(document.pages)

    pages = 0
    for _ in range(rounds):
        pages = one_round()
    medians = {key: statistics.median(v) for key, v in samples.items()}
    return {"pages": pages, "cpu seconds": medians,
            "check share of layout": medians["check"] / medians["layout"],
            "check per page": medians["check"] / pages}


# -- the report ----------------------------------------------------------------------------------

def table(result: dict[str, Any]) -> str:
    import pypdf
    import pypdfium2
    import weasyprint

    import brief
    s, t = result["seconds"], result["targets"]
    lines = [
        f"brief {brief.__version__}, WeasyPrint {weasyprint.__version__}, pypdf {pypdf.__version__}, "
        f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, --jobs {result['jobs']}",
        f"the sample ({SAMPLE.name}); medians of {result['rounds']} rounds; load average "
        f"{result['load']:.1f} while it ran",
        "",
        f"{'':<40}{'wall':>8}{'min':>8}{'max':>8}{'÷ W':>7}{'target':>10}{'CPU':>8}{'÷ W':>7}"
        f"{'÷ W₀':>7}",
    ]
    for name, label in [("W command", "W: weasyprint FILE.html, Dutch edition"),
                        ("W", "W₀: the same, in a warm process"),
                        ("cold", "make pdf, cold (6 files)"),
                        ("unchanged", "make pdf, nothing changed"),
                        ("one paragraph", "make pdf, one paragraph edited"),
                        ("one edition", "one edition after an edit, checked")]:
        row = s[name]
        ratio = cpu_ratio = in_process = target = ""
        if name in RUNS:
            ratio = f"{(t[name]['ratio'] if name in t else result['cold ratio']):.2f}"
            cpu_ratio = f"{row['cpu ratio']:.2f}"
            in_process = f"{row['in-process ratio']:.2f}"
            target = f"≤ {t[name]['target']:g} W" if name in t else ""
        lines.append(f"{label:<40}{row['median']:>7.2f}s{row['min']:>7.2f}s{row['max']:>7.2f}s{ratio:>7}"
                     f"{target:>10}{row['cpu']:>7.2f}s{cpu_ratio:>7}{in_process:>7}")
    lines.append("")
    for name in TARGETS:
        verdict = "PASS" if t[name]["pass"] else "FAIL"
        lines.append(f"{verdict}  {name}: {t[name]['ratio']:.2f} W (target ≤ {t[name]['target']:g} W)")
    m = t["memory"]
    lines.append(f"{'PASS' if m['pass'] else 'FAIL'}  memory: {m['MiB']} MiB, the largest process of the "
                 f"builds (target ≤ {m['target']} MiB a worker)")
    stage = result.get("stages")
    if stage:
        c = stage["cpu seconds"]
        lines += ["", f"the Dutch edition's stages, CPU seconds in this process ({stage['pages']} pages):"]
        for key, label in STAGES:
            lines.append(f"  {label:<40}{c[key]:>8.3f}s")
        share = stage["check share of layout"]
        lines.append(f"{'PASS' if share <= CHECK_TARGET else 'FAIL'}  the checks: {share:.0%} of the layout, "
                     f"{stage['check per page'] * 1000:.0f} ms a page (target ≤ {CHECK_TARGET:.0%})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3, metavar="N", help="rounds (default 3)")
    p.add_argument("--jobs", type=int, metavar="N", help="brief build --jobs N (default: one per core)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--no-stages", action="store_true", help="leave out the stages of one edition")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error("--rounds must be at least 1")
    result = measure(args.rounds, args.jobs)
    if not args.no_stages:
        result["stages"] = stages(args.rounds)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
