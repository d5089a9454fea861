"""The ``brief`` command: a thin layer over `brief.build` and the stages.

Every problem in the user's input is a `BriefError`; the command prints its
lines (``file:line: what is wrong; what to do``) and exits with status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__, build, check, i18n
from .api import load
from .errors import BriefError
from .options import Options
from .variants import VARIANTS

log = logging.getLogger("brief")

#: The exit statuses, as documented in ``brief --help``.
OK, CHECK_FAILED, BAD_INPUT, SKIPPED, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 70, 130

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
  brief build briefs/energiearmoede.md --web      also the web editions, build/<name>-<lang>/
  brief preview briefs/energiearmoede.md --lang fr  the web edition, rebuilt on every save
  brief new mijn-nota                             start a brief: mijn-nota.md and a figure

exit status: 0 done; 1 a check found an error; 2 bad input (the message says
where); 3 an edition was skipped, less translated than --min-translated;
70 an internal error of brief (please report it)."""


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
    b.add_argument("--web", action="store_true",
                   help="also write each edition's web edition into OUT/<name>-<lang>/: a folder "
                        "that stands alone, with its page, styles, fonts, figures and PDF")
    b.add_argument("--site-url", metavar="URL",
                   help="where OUT is published (https://example.org/briefs/): the web editions "
                        "then give their public addresses to search engines and social media")
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
    b.add_argument("--fuzzy", action="store_true",
                   help="use fuzzy translations too, for review: an edition that does is a draft, "
                        "marked so on every page")
    b.add_argument("--no-check", action="store_true",
                   help="skip the preflight checks of what was built")
    b.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                   help="lay out N editions at once, each in a process of its own (default: one "
                        "per core). Unchanged editions are not built again: their files and "
                        "checks are kept in OUT/.brief-cache/")

    v = sub.add_parser("preview", help="show a brief's web edition in a browser, rebuilt on every save",
                       description="Serve the web edition of one brief on 127.0.0.1 and reload the "
                                   "page within half a second of each save of the brief, a catalog, "
                                   "a figure or a stylesheet. A mistake in the source is shown in the "
                                   "page, with its file and line. The edition's PDF is rebuilt in the "
                                   "background and linked once it is ready. Ctrl-C stops it.")
    v.add_argument("file", type=Path, metavar="FILE.md")
    v.add_argument("--lang", metavar="xx", help="the edition to show (default: the source language)")
    v.add_argument("--port", type=int, default=8000, metavar="N",
                   help="the port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    locales_arg(v)
    v.add_argument("--fuzzy", action="store_true", help="use fuzzy translations too, as a draft")
    v.add_argument("--no-pdf", action="store_true", help="do not build the PDF in the background")
    v.add_argument("--open", action="store_true", help="open the page in the default browser")

    n = sub.add_parser("new", help="write a starter brief that holds every block, to build as it is",
                       description="Write NAME.md (NAME may be a path), a brief that shows every "
                                   "block of the format and says what each is for, with a figure "
                                   "beside it. It builds as it is; replace its text with yours. An "
                                   "existing file is never overwritten.")
    n.add_argument("name", type=Path, metavar="NAME")

    c = sub.add_parser("check", help="preflight PDFs, or check a brief's catalogs without building",
                       description="Check PDFs the way a print shop and a reader would; for a "
                                   "brief (FILE.md), check its catalogs: every translation, with "
                                   "its PO file and line. Errors make the exit status 1; warnings "
                                   "do not.")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf|FILE.md")
    c.add_argument("--json", action="store_true", help="report as JSON")
    locales_arg(c)

    for name, text in (("extract", "write the brief's message template, DIR/<name>.pot"),
                       ("update", "create or update DIR/<lang>/LC_MESSAGES/<name>.po for "
                                  "each translation, as msgmerge --previous does"),
                       ("stats", "print how much of each translation is done")):
        q = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        q.add_argument("file", type=Path, metavar="FILE.md")
        locales_arg(q)
        if name == "update":
            q.add_argument("--add-location", choices=i18n.LOCATIONS, metavar="TYPE",
                           help="how to write the #: references: full (file and line), file (file "
                                "names only, for quiet diffs) or never (default: as the catalog has "
                                "them)")
            q.add_argument("--compendium", action="append", type=Path, default=[], metavar="FILE.po",
                           help="also reuse the translations of this catalog (repeat it for several); "
                                "the catalogs of the other briefs in the same folder are always used")
            q.add_argument("--no-compendium", action="store_true",
                           help="reuse no translation of another brief's catalog")
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
    except Exception as e:  # a bug of brief's, not the user's: said in one line, the trace with -v
        if args.verbose:
            traceback.print_exc()
        print(f"brief: internal error: {type(e).__name__}: {e}; please report it, with the input "
              "(run with -v for the details)", file=sys.stderr)
        return INTERNAL


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
                           archive=args.archive, html=args.html, web=args.web, site_url=args.site_url,
                           locales=args.locales, icc=args.icc,
                           min_translated=args.min_translated, check=not args.no_check,
                           fuzzy=args.fuzzy, jobs=args.jobs)
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
    from pypdf.errors import PyPdfError
    from pypdfium2 import PdfiumError  # what a damaged PDF raises as it is read

    problems: list[check.Problem] = []
    for file in args.files:
        if not file.is_file():
            raise BriefError("no such file", file, hint="check the path of the file")
        if file.suffix.lower() in (".md", ".markdown"):
            problems += check.check_catalogs(load(file), args.locales)
            continue
        with file.open("rb") as f:
            if b"%PDF-" not in f.read(1024):
                raise BriefError("is not a PDF file", file,
                                 hint="give the PDF that brief build wrote, or a brief (FILE.md)")
        try:
            problems += check.check_pdf(file, file=str(file), min_fill=check.NEAR_EMPTY)
        except (PyPdfError, PdfiumError, ValueError, KeyError, TypeError) as e:
            raise BriefError(f"cannot be read as a PDF ({type(e).__name__}: {e})", file,
                             hint="the file is damaged: build it again") from None
    text = check.report(problems, as_json=args.json)
    if text:
        print(text)
    return CHECK_FAILED if any(p.severity == check.ERROR for p in problems) else OK


def _extract(args: argparse.Namespace) -> int:
    path, written = i18n.extract(load(args.file), args.locales)
    print(f"{path}: {'written' if written else 'unchanged'}")
    return OK


def _update(args: argparse.Namespace) -> int:
    brief = load(args.file)
    for done in i18n.update(brief, args.locales, locations=args.add_location,
                            compendia=args.compendium, use_compendia=not args.no_compendium):
        print(f"{done.line()}; {i18n.counts(done.catalog, brief).line()}")
    return OK


def _stats(args: argparse.Namespace) -> int:
    for line in i18n.stats_table(load(args.file), args.locales):
        print(line)
    return OK


def _preview(args: argparse.Namespace) -> int:
    from .web.preview import preview
    options = Options.make(locales=args.locales, fuzzy=args.fuzzy)
    return preview(args.file, lang=args.lang, port=args.port, options=options, pdf=not args.no_pdf,
                   open_browser=args.open)


def _new(args: argparse.Namespace) -> int:
    from .starter import write_starter
    for path in write_starter(args.name):
        print(f"{path}: written")
    return OK


COMMANDS = {"build": _build, "check": _check, "extract": _extract, "update": _update, "stats": _stats,
            "preview": _preview, "new": _new}

if __name__ == "__main__":
    sys.exit(main())
