"""The ``brief`` command: a thin layer over the library.

Every problem in the user's input is a `BriefError`; the command prints its
one line (``file:line: what is wrong; what to do``) and exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import BriefError

log = logging.getLogger("brief")

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

exit status: 0 done, 1 a check failed, 2 bad input (the message says where)."""


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
    b.add_argument("--lang", metavar="xx", help="build only this edition")
    locales_arg(b)
    b.add_argument("--html", action="store_true",
                   help="also write each edition's HTML, with its CSS, fonts and images, "
                        "to open in a browser")
    b.add_argument("--min-translated", type=float, metavar="PCT",
                   help="refuse to build an edition with less than PCT%% of its messages "
                        "translated (overrides min_translated: in the front matter)")
    b.add_argument("--press", action="store_true",
                   help="also write the print shop's edition, <name>-<lang>-press.pdf: PDF/X-4, "
                        "CMYK, 3 mm bleed, crop marks, a multiple of 4 pages (also: press: true "
                        "in the front matter)")
    b.add_argument("--icc", type=Path, metavar="FILE.icc",
                   help="CMYK profile of the press edition's output intent (default: "
                        "Ghostscript's SWOP profile; ask your print shop, often FOGRA39)")
    b.add_argument("--archive", action="store_true",
                   help="also write <name>-<lang>-archive.pdf: PDF/A-3b with the Markdown source "
                        "attached")
    b.add_argument("--no-check", action="store_true",
                   help="skip the preflight checks of what was built")

    c = sub.add_parser("check", help="preflight a PDF: fonts, overlaps, margins, notes, pages",
                       description="Check a PDF the way a print shop and a reader would. "
                                   "Errors make the exit status 1; warnings do not.")
    c.add_argument("pdf", type=Path, metavar="FILE.pdf")
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
        print(f"brief: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _build(args: argparse.Namespace) -> int:
    from . import i18n
    from .pdf import write_html_bundle, write_pdf
    from .source import load
    check = None if args.no_check else importlib.import_module("brief.check")
    failed = False
    for file in args.files:
        brief = load(file)
        if args.lang and args.lang not in brief.languages:
            raise BriefError(f"'{args.lang}' is not an edition of this brief", file,
                             hint=f"use one of {', '.join(brief.languages)}, or add it to 'translations:'")
        langs = [args.lang] if args.lang else brief.languages
        variants = ["screen"] + (["press"] if args.press or brief.press else []) \
            + (["archive"] if args.archive else [])
        reference: int | None = None
        for lang in langs:
            edition = i18n.translate(brief, lang, locales=args.locales,
                                     min_translated=args.min_translated)
            problems = [] if check is None else check.check_glyphs(edition.brief) + check.check_figures(edition.brief)
            for variant in variants:
                start = time.perf_counter()
                suffix = "" if variant == "screen" else f"-{variant}"
                out = args.out / f"{brief.name}-{lang}{suffix}.pdf"
                write_pdf(edition.brief, out, variant=variant, icc=args.icc, locales=args.locales)
                pages = _pages(out)
                if check is not None:
                    problems += check.check_pdf(out, reference_pages=reference if variant == "screen" else None)
                if variant == "screen" and lang == brief.lang:
                    reference = pages
                took = time.perf_counter() - start
                print(f"{out}: {pages} pages, {edition.summary()} ({took:.1f} s)")
            if args.html:
                write_html_bundle(edition.brief, args.out / f"{brief.name}-{lang}")
            if problems and check is not None:
                print(check.report(problems))
                failed |= any(p.severity == "error" for p in problems)
    return 1 if failed else 0


def _pages(path: Path) -> int:
    import pypdf
    return len(pypdf.PdfReader(path).pages)


def _check(args: argparse.Namespace) -> int:
    from .check import check_pdf, report
    if not args.pdf.is_file():
        raise BriefError("no such file", args.pdf, hint="check the path of the PDF")
    problems = check_pdf(args.pdf)
    text = report(problems, as_json=args.json)
    if text:
        print(text)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _extract(args: argparse.Namespace) -> int:
    from . import i18n
    from .source import load
    path = i18n.extract(load(args.file), args.locales)
    print(f"{path}: written")
    return 0


def _update(args: argparse.Namespace) -> int:
    from . import i18n
    from .source import load
    for path, counts in i18n.update(load(args.file), args.locales):
        print(f"{path}: {counts}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from . import i18n
    from .source import load
    for line in i18n.stats_table(load(args.file), args.locales):
        print(line)
    return 0


COMMANDS = {"build": _build, "check": _check, "extract": _extract, "update": _update, "stats": _stats}

if __name__ == "__main__":
    sys.exit(main())
