"""The ``brief`` command: a thin layer over `brief.build` and the stages.

Every problem in the user's input is a `BriefError`; the command prints its
lines (``file:line: what is wrong; what to do``) and exits with status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__, build, check, i18n
from .api import load
from .errors import BriefError
from .options import Options
from .variants import VARIANTS

log = logging.getLogger("brief")

#: The exit statuses, as documented in ``brief --help``.
OK, CHECK_FAILED, BAD_INPUT, SKIPPED, INTERRUPTED = 0, 1, 2, 3, 130

DESCRIPTION = """\
Turn a policy brief written in Markdown into print-ready PDFs, one edition per
language, translated through gettext catalogs (PO files)."""

EPILOG = """\
examples:
  brief build briefs/energiearmoede.md            all editions into build/
  brief build briefs/energiearmoede.md --lang fr  the French edition only
  brief extract briefs/energiearmoede.md          write locales/energiearmoede.pot
  brief update briefs/energiearmoede.md           create or update the PO files
  brief stats briefs/energiearmoede.md            how much is translated
  brief build briefs/energiearmoede.md --press    also the print shop's editions
  brief check build/energiearmoede-fr.pdf         preflight a PDF

exit status: 0 done; 1 a check found an error; 2 bad input (the message says
where); 3 an edition was skipped, less translated than --min-translated."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="brief", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"brief {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="say what is being done")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def locales_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument("--locales", metavar="DIR", type=Path,
                       help="folder of the catalogs (default: locales/ next to the brief, "
                            "then ./locales)")

    b = sub.add_parser("build", help="build the PDF editions of one or more briefs",
                       description="Build every edition (the source language and each "
                                   "translation) of each brief into OUT/<name>-<lang>.pdf.")
    b.add_argument("files", nargs="+", type=Path, metavar="FILE.md")
    b.add_argument("--out", type=Path, default=Path("build"), metavar="DIR",
                   help="output folder (default: build/)")
    b.add_argument("--lang", metavar="xx", action="append",
                   help="build only this edition (repeat it for several)")
    locales_arg(b)
    b.add_argument("--html", action="store_true",
                   help="also write each edition's HTML, with its CSS, fonts and images, "
                        "to open in a browser")
    b.add_argument("--min-translated", type=float, metavar="PCT",
                   help="skip a translated edition with less than PCT%% of its messages "
                        "translated, and exit with status 3 (overrides min_translated: in the "
                        "front matter)")
    b.add_argument("--press", action="store_true", default=None,
                   help=f"also write <name>-<lang>-press.pdf, {VARIANTS['press'].description} "
                        "(also: press: true in the front matter)")
    b.add_argument("--icc", type=Path, metavar="FILE.icc",
                   help="CMYK profile of the press edition's output intent (default: "
                        "Ghostscript's SWOP profile; ask your print shop, often FOGRA39)")
    b.add_argument("--archive", action="store_true",
                   help=f"also write <name>-<lang>-archive.pdf, {VARIANTS['archive'].description}")
    b.add_argument("--no-check", action="store_true",
                   help="skip the preflight checks of what was built")
    b.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                   help="lay out N editions at once, each in a process of its own (default: one "
                        "per core). Unchanged editions are not built again: their files and "
                        "checks are kept in OUT/.brief-cache/")

    c = sub.add_parser("check", help="preflight PDFs: fonts, overlaps, margins, notes, pages",
                       description="Check PDFs the way a print shop and a reader would. "
                                   "Errors make the exit status 1; warnings do not.")
    c.add_argument("pdfs", nargs="+", type=Path, metavar="FILE.pdf")
    c.add_argument("--json", action="store_true", help="report as JSON")

    for name, text in (("extract", "write the brief's message template, DIR/<name>.pot"),
                       ("update", "create or update DIR/<lang>/LC_MESSAGES/<name>.po for "
                                  "each translation"),
                       ("stats", "print how much of each translation is done")):
        q = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        q.add_argument("file", type=Path, metavar="FILE.md")
        locales_arg(q)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(format="%(message)s", level=logging.INFO if args.verbose else logging.WARNING)
    try:
        return COMMANDS[args.command](args)
    except BriefError as e:
        for problem in e.problems:
            print(f"brief: {problem.one_line()}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return INTERRUPTED


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return value


class _Bar:
    """A progress bar on stderr, where stderr is a terminal: redrawn after
    each file, wiped before each line of output."""

    WIDTH = 24

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()
        self.start = time.monotonic()
        self.text = ""

    def update(self, done: int, total: int) -> None:
        if not self.shown or not total:
            return
        filled = self.WIDTH * done // total
        self.text = (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} files, "
                     f"{time.monotonic() - self.start:.0f} s")
        self._draw()

    def print(self, text: str) -> None:
        self.clear()
        print(text, flush=True)
        self._draw()

    def clear(self) -> None:
        if self.shown and self.text:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def _draw(self) -> None:
        if self.shown and self.text:
            sys.stderr.write("\r" + self.text)
            sys.stderr.flush()


def _build(args: argparse.Namespace) -> int:
    options = Options.make(out=args.out, langs=tuple(args.lang or ()), press=args.press,
                           archive=args.archive, html=args.html, locales=args.locales, icc=args.icc,
                           min_translated=args.min_translated, check=not args.no_check, jobs=args.jobs)
    failed = skipped = False
    briefs = [load(file) for file in args.files]
    bar = _Bar()
    try:
        for result in build.build_all(briefs, options, progress=bar.update):
            bar.print(result.line())
            if isinstance(result, build.Skipped):
                skipped = True
            elif result.problems:
                bar.print(check.report(result.problems))
                failed |= any(p.severity == check.ERROR for p in result.problems)
    finally:
        bar.clear()
    return CHECK_FAILED if failed else SKIPPED if skipped else OK


def _check(args: argparse.Namespace) -> int:
    problems: list[check.Problem] = []
    for pdf in args.pdfs:
        if not pdf.is_file():
            raise BriefError("no such file", pdf, hint="check the path of the PDF")
        problems += check.check_pdf(pdf, file=str(pdf), min_fill=check.NEAR_EMPTY)
    text = check.report(problems, as_json=args.json)
    if text:
        print(text)
    return CHECK_FAILED if any(p.severity == check.ERROR for p in problems) else OK


def _extract(args: argparse.Namespace) -> int:
    path = i18n.extract(load(args.file), args.locales)
    print(f"{path}: written")
    return OK


def _update(args: argparse.Namespace) -> int:
    brief = load(args.file)
    for path, catalog, note in i18n.update(brief, args.locales):
        print(f"{path}: {note}; {i18n.counts(catalog, brief).line()}")
    return OK


def _stats(args: argparse.Namespace) -> int:
    for line in i18n.stats_table(load(args.file), args.locales):
        print(line)
    return OK


COMMANDS = {"build": _build, "check": _check, "extract": _extract, "update": _update, "stats": _stats}

if __name__ == "__main__":
    sys.exit(main())
