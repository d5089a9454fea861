"""An edition → the HTML of its web page.

The page holds the same content as the PDF, in the same order, for a reader
on a phone or a desktop. It differs from the print HTML (`brief.render`)
where a screen differs from a page:

* a numbered note is a link to the note at the end, and the note links back
  to each of its calls (↩);
* a symbol note (a definition) is shown next to the paragraph that calls it,
  in the margin on a wide screen, not at the foot of a page;
* a language switcher links the other editions (``hreflang``), and a button
  the edition's PDF; the page's print stylesheet points to that PDF.

The words of the page go through gettext like those of the print templates
(domain ``brief``); the HTML of note calls comes from a macro of
``web_blocks.html``, so that designers own all of the markup. A text that
fell back to the source language (`model.Foreign`) keeps its ``lang``, as in
print (`render.Inline`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.units import format_unit
from markupsafe import Markup

from .. import model
from ..errors import SetupError
from ..i18n.templates import template_translations
from ..model import Brief
from ..render import WORD_JOINER, Inline, babel_locale, column_aligns, environment, licence_url, slug

__all__ = ["render_web_html", "WebInline", "TEMPLATE", "language_name", "og_locale", "file_size"]

TEMPLATE = "web.html"
#: Around the place of a note's links back (a character of the Private Use Area).
_WAY_BACK = "\ue000"


@dataclass(slots=True)
class WebInline(Inline):
    """Inline Markdown of one web edition.

    Every call of a note gets an id of its own (``call-<label>``, then
    ``call-<label>-2`` ...), so that the note can link back to each call.
    A symbol note called in a text waits in `pending` until the template
    places it after the block that holds the call (`take_terms`)."""

    #: The template module whose ``note_call`` macro writes a call.
    macros: Any = None
    #: The ids of the calls of each note, in reading order.
    calls: dict[str, list[str]] = field(default_factory=dict)
    #: Symbol notes called but not yet placed.
    pending: list[str] = field(default_factory=list)
    #: Symbol notes placed (each once, after its first call).
    placed: set[str] = field(default_factory=set)
    #: The notes whose ways back wait for the end of the page, by their slug.
    waiting: dict[str, str] = field(default_factory=dict)

    def note_call(self, label: str) -> str:
        ids = self.calls.setdefault(label, [])
        call_id = f"call-{slug(label)}" + (f"-{len(ids) + 1}" if ids else "")
        ids.append(call_id)
        symbol = label.startswith("*")
        if label not in self.notes:
            return f'{WORD_JOINER}<span class="note-call missing" id="{call_id}">?</span>'
        if symbol and label not in self.placed:
            self.placed.add(label)
            self.pending.append(label)
        target = ("term-" if symbol else "note-") + slug(label)
        mark = self.marks.get(label, "?")
        return WORD_JOINER + str(self.macros.note_call(mark=mark, id=call_id, href=f"#{target}",
                                                       symbol=symbol))

    def way_back(self, label: str) -> Markup:
        """A place for the links back to every call of a note. A definition
        stands after its first call, before the others: the links are
        written by `fill_ways_back` once the whole page is."""
        self.waiting[slug(label)] = label
        return Markup(f"{_WAY_BACK}{slug(label)}{_WAY_BACK}")

    def fill_ways_back(self, page: str) -> str:
        """The page with the links back to each call (``backlinks`` in
        web_blocks.html) where `way_back` left a place for them."""
        return re.sub(f"{_WAY_BACK}([A-Za-z0-9_-]+){_WAY_BACK}",
                      lambda m: str(self.macros.backlinks(self.waiting[m.group(1)])), page)

    def take_terms(self) -> list[model.Note]:
        """The symbol notes called since the last time, to be placed now."""
        taken = [self.notes[label] for label in self.pending]
        self.pending.clear()
        return taken


def language_name(lang: str) -> str:
    """The language's name in itself ("Nederlands", "Français")."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


def og_locale(lang: str) -> str:
    """Open Graph's ``ll_TT`` form: the territory most likely for a bare language."""
    loc = babel_locale(lang)
    if loc.territory:
        return f"{loc.language}_{loc.territory}"
    likely = get_global("likely_subtags").get(loc.language, "")
    parts = likely.split("_")
    territory = parts[-1] if len(parts) > 1 and parts[-1].isupper() else None
    return f"{loc.language}_{territory}" if territory else loc.language


def render_web_html(text: Brief, *, editions: Mapping[str, str] | None = None,
                    urls: Mapping[str, str] | None = None, pdf: str | None = None,
                    pdf_size: int | None = None, stylesheet: str = "styles/web.css",
                    figure_sizes: Mapping[str, tuple[int, int]] | None = None) -> str:
    """The HTML of the web page of edition `text` (already in its language:
    `brief.build.edition`).

    `editions` maps each language, this one too, to the address of its page
    relative to this one (``{"fr": "../energiearmoede-fr/index.html"}``),
    for the language switcher; `urls` maps them to their public addresses,
    when known, for the canonical link, Open Graph and ``hreflang`` (which
    otherwise use the relative addresses). `pdf` is the address of this
    edition's PDF, `pdf_size` its size in bytes (shown beside the link);
    `figure_sizes` the intrinsic size of each figure (``src`` → width,
    height), so that the page does not jump as images load."""
    lang = text.lang
    marks = text.marks()
    env = _environment(lang)
    inline = WebInline(lang, marks, text.notes, set(), text.references)
    inline.macros = env.get_template("web_blocks.html").make_module({"lang": lang, "md": inline})
    notes = [n for n in text.ordered_notes() if n.label in marks and not n.symbol]
    links = dict(editions or {lang: ""})
    # Every edition, this one too, as search engines ask; the first is the default.
    alternates = {code: (urls or {}).get(code, href) for code, href in links.items()}
    if len(alternates) > 1:
        alternates["x-default"] = next(iter(alternates.values()))
    else:
        alternates = {}
    page = env.get_template(TEMPLATE).render(
        brief=text, md=inline, lang=lang, stylesheet=stylesheet, url=(urls or {}).get(lang),
        date=format_date(text.date, "long", locale=babel_locale(lang)) if text.date else None,
        year=text.date.year if text.date else None,
        chapters=text.outline(), endnotes=notes, marks=marks, slug=slug,
        kind=lambda b: type(b).__name__.lower(), unsupported=_unsupported,
        editions=[{"lang": code, "name": language_name(code), "href": href, "current": code == lang}
                  for code, href in links.items()],
        alternates=alternates, og_locale=og_locale(lang),
        og_alternates=[og_locale(code) for code in links if code != lang],
        pdf=pdf, pdf_size=file_size(pdf_size, lang) if pdf_size else None,
        figure_sizes=figure_sizes or {}, column_aligns=column_aligns, licence_url=licence_url,
    )
    return inline.fill_ways_back(page)


def _unsupported(kind: str) -> str:
    """A block the web templates do not know: an error, never a block left out."""
    raise SetupError(f"the web edition has no template for the block '{kind}'",
                     hint="add it to brief/templates/web_blocks.html, as in blocks.html")


@functools.lru_cache(maxsize=16)
def _environment(lang: str) -> Any:
    """The Jinja2 environment of one language, kept: compiling the templates
    is half the time of a render, and the preview renders on every save.
    (Jinja2 still reloads a template whose file has changed.)"""
    return environment(template_translations(lang))


def file_size(size: int, lang: str) -> str:
    """A file size as a reader says it, in the edition's language ("1,2 MB")."""
    loc = babel_locale(lang)
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=loc)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=loc)
