"""The pipeline, run in one place: for the command line, ``make``, the API
and the benchmark alike.

    source → model → i18n (an edition) → render (HTML) → layout (pages)
           → variants (screen, press, archive) → finish (pypdf) → check

`build` writes every output of a brief; `write_edition` one PDF; the
smaller functions (`validate`, `edition`, `pages`, `pdf`) are the stages
one by one, for scripts and the benchmark. Whatever the entry point, a
brief is validated (note calls, figures) before anything is laid out, the
front matter's ``press:`` and ``min_translated:`` are honoured, and files
appear whole or not at all.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint

from . import check, colophon, web
from .errors import CatalogError, SourceError
from .files import write_atomic
from .finish import finish
from .i18n import Edition, po_path, translate
from .inputs import check_image, file_problems, text_problems
from .layout import layout
from .meta import field_problems
from .model import Brief
from .options import Options
from .render import render_html
from .resources import styles_dir
from .variants import VARIANTS, Variant, variant

__all__ = [
    "Output", "Skipped", "validate", "edition", "variants_of", "pages", "pdf", "write_edition",
    "build", "write_html_bundle",
]

log = logging.getLogger("brief")


@dataclass(slots=True)
class Output:
    """One file written, and what the checks found in it."""

    path: Path
    lang: str
    variant: str
    pages: int
    seconds: float
    summary: str
    problems: list[check.Problem] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.path}: {self.pages} pages, {self.summary} ({self.seconds:.1f} s)"


@dataclass(slots=True)
class Skipped:
    """An edition not built: less of it translated than the minimum asked."""

    lang: str
    percent: float
    minimum: float
    catalog: Path | None

    def line(self) -> str:
        return (f"{self.catalog or self.lang}: the '{self.lang}' edition is {self.percent:.1f}% translated, "
                f"below the minimum of {self.minimum:g}%: not built")


# -- the stages -------------------------------------------------------------------------------

def validate(brief: Brief) -> None:
    """Raise a SourceError listing everything wrong with the brief's model:
    the types and values of its fields, texts that no page can show, note
    calls against definitions, and images and links to local files that
    cannot be read or lie outside the brief's folder. The loader checks a
    Markdown file as it reads it; this holds a brief built in Python to the
    same rules."""
    # In this order: each check may rely on what the ones before it ensured
    # (fields of the right type, texts that are text, a bounded number of notes).
    for check_stage in (field_problems, text_problems, Brief.problems, file_problems):
        problems = check_stage(brief)
        if problems:
            raise SourceError.gather(problems)


def edition(brief: Brief, lang: str | None, options: Options) -> Edition:
    """The `lang` edition (the source language by default), translated from
    its catalog."""
    return translate(brief, lang or brief.lang, locales=options.locales, fuzzy=options.fuzzy)


def variants_of(brief: Brief, options: Options) -> list[Variant]:
    """The outputs a build writes: screen, then press (``--press`` or the
    front matter's ``press: true``), then archive."""
    press = options.press if options.press is not None else brief.press
    wanted = {"screen": True, "press": press, "archive": options.archive}
    return [v for name, v in VARIANTS.items() if wanted.get(name)]


def pages(text: Brief, out: Variant, options: Options,
          html: str | None = None) -> tuple[weasyprint.Document, list[int]]:
    """Lay an edition out for a variant. The colophon goes to the foot of
    the last page of text, or of a back page of its own when that page has
    no room (`brief.colophon`); the blank pages that pad the edition to the
    variant's multiple go before its back cover. `html` is the edition's
    HTML when it was already rendered.

    Returns the document and the indexes of the blank pages."""
    css_dir = styles_dir(options.styles)
    extras = out.extras(options) if out.extras else None

    def lay_out(blank: int, css: str = "") -> weasyprint.Document:
        source = html if html is not None and not blank else render_html(text, blank_pages=blank)
        return layout(source, base_dir=text.base_dir,
                      stylesheets=[css_dir / name for name in out.stylesheets],
                      css=(extras.css if extras else "") + css, roots=extras.roots if extras else (),
                      convert=out.convert, cmyk=out.cmyk, pdf_variant=out.pdf_variant, source=text.path)

    document = lay_out(0)
    own_page = ""
    if out.page_multiple == 1 and colophon.alone(document):
        own_page = colophon.OWN_PAGE
        document = lay_out(0, own_page)
    missing = -len(document.pages) % out.page_multiple
    if missing:
        document = lay_out(missing, own_page)
        count = len(document.pages)
        if count % out.page_multiple:
            raise SourceError(f"the {out.name} edition has {count} pages, not a multiple of "
                              f"{out.page_multiple}", text.path,
                              hint=f"report this layout to the designers (styles/{out.stylesheets[-1]})")
    colophon.to_foot(document)
    last = len(document.pages) - 1
    return document, list(range(last - missing, last))


def pdf(brief: Brief, text: Brief, out: Variant, options: Options) -> tuple[bytes, int]:
    """The finished PDF of edition `text` of `brief` in variant `out`, and
    its number of pages."""
    document, blanks = pages(text, out, options)
    attachments = out.attachments(brief, text, options) if out.attachments else None
    data = document.write_pdf(pdf_variant=out.pdf_variant, attachments=attachments)
    return finish(data, text, document, blank_pages=blanks, last_step=out.finish), len(document.pages)


def write_edition(brief: Brief, path: str | Path, lang: str | None = None, *,
                  variant_name: str = "screen", options: Options | None = None,
                  reference_pages: int | None = None) -> Output:
    """Build one PDF of one edition into `path` (atomically), and check it
    if the options say so."""
    options = options or Options()
    out = variant(variant_name)
    validate(brief)
    made = edition(brief, lang, options)
    _require_translated(brief, made, options)
    result = _write(brief, made, out, Path(path), options, reference_pages)
    result.problems[:0] = _edition_problems(made.brief, options)
    return result


def build(brief: Brief, options: Options | None = None) -> Iterator[Output | Skipped | web.WebOutput]:
    """Every output of every edition of `brief` (or of ``options.langs``),
    into ``options.out``: ``<name>-<lang>[-press|-archive].pdf``, the HTML
    bundles with ``options.html``, the web editions (``<name>-<lang>/``) with
    ``options.web``. Yields each output as it is written, and each edition
    skipped for being less translated than the minimum."""
    options = options or Options()
    validate(brief)
    langs = list(options.langs) or brief.languages
    for lang in langs:
        if lang not in brief.languages:
            raise SourceError(f"'{lang}' is not an edition of this brief", brief.path,
                              hint=f"use one of {', '.join(brief.languages)}, or add it to 'translations:'")
    outs = variants_of(brief, options)
    reference: int | None = None
    built: dict[str, Brief] = {}
    for lang in langs:
        made = edition(brief, lang, options)
        skipped = _under_minimum(brief, made, options)
        if skipped is not None:
            yield skipped
            continue
        built[lang] = made.brief
        for i, out in enumerate(outs):
            path = options.out / out.file_name(brief.name, lang)
            result = _write(brief, made, out, path, options, reference if out.name == "screen" else None)
            if i == 0:  # the edition's own problems, reported once, with its first file
                result.problems[:0] = _edition_problems(made.brief, options)
            if out.name == "screen" and lang == brief.lang:
                reference = result.pages
            yield result
        if options.html:
            write_html_bundle(made.brief, options.out / f"{brief.name}-{lang}", options.styles)
    if options.web:  # after the PDFs, which each web edition links (brief/web/site.py)
        yield from web.write_site(brief, built, options)


# -- helpers ----------------------------------------------------------------------------------

def _minimum(brief: Brief, options: Options) -> float | None:
    return options.min_translated if options.min_translated is not None else brief.min_translated


def _under_minimum(brief: Brief, made: Edition, options: Options) -> Skipped | None:
    minimum = _minimum(brief, options)
    if made.source or minimum is None or made.counts.percent >= minimum:
        return None
    return Skipped(made.lang, made.counts.percent, minimum, po_path(brief, made.lang, options.locales))


def _require_translated(brief: Brief, made: Edition, options: Options) -> None:
    skipped = _under_minimum(brief, made, options)
    if skipped is not None:
        raise CatalogError(f"the '{skipped.lang}' edition is {skipped.percent:.1f}% translated, below "
                           f"the minimum of {skipped.minimum:g}%", skipped.catalog,
                           hint="translate the remaining messages, or lower min_translated")


def _edition_problems(text: Brief, options: Options) -> list[check.Problem]:
    if not options.check:
        return []
    return check.check_glyphs(text, options.styles) + check.check_figures(text) + check.check_body(text)


def _write(brief: Brief, made: Edition, out: Variant, path: Path, options: Options,
           reference: int | None) -> Output:
    """One PDF, written and (with ``options.check``) preflighted."""
    start = time.perf_counter()
    data, count = pdf(brief, made.brief, out, options)
    write_atomic(path, data)
    problems = check.check_pdf(data, reference_pages=reference, file=str(path)) if options.check else []
    return Output(path, made.lang, out.name, count, time.perf_counter() - start, made.summary(), problems)


def write_html_bundle(text: Brief, folder: str | Path, styles: str | Path | None = None) -> Path:
    """Write an edition's HTML with its stylesheet, fonts and images into
    `folder`, so that a designer can open ``index.html`` in a browser."""
    folder = Path(folder)
    shutil.copytree(styles_dir(styles), folder / "styles", dirs_exist_ok=True)
    for fig in text.figures():
        src = check_image(text, fig.src, fig.loc)
        target = folder / fig.src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    write_atomic(folder / "index.html", render_html(text, stylesheet="styles/brief.css").encode("utf-8"))
    return folder / "index.html"
