"""Model → HTML: one edition of a brief, through the Jinja2 templates.

The model keeps inline Markdown; here it becomes HTML with a small
markdown-it instance (no raw HTML) and one extension of ours, the note call.
Numbered notes get their number from the order of the first calls *in this
edition*, so a translation that reorders two calls still prints 1 before 2.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from . import model
from .markup import inline_parser
from .model import Brief
from .typography import educate, french_spacing

__all__ = ["render_html", "Inline", "TEMPLATE"]

TEMPLATE = "brief.html"

#: Before a note call, so that a line never starts with one.
WORD_JOINER = "\u2060"


@dataclass(slots=True)
class Inline:
    """Renders inline Markdown of one edition to HTML.

    `marks` maps note labels to their printed marks; `footnotes` holds the
    labels set at the foot of the page, whose text goes inline as a
    ``float: footnote`` element; the other notes link to the endnotes."""

    lang: str
    marks: Mapping[str, str]
    notes: Mapping[str, model.Note]
    footnotes: set[str] = field(default_factory=set)
    references: Mapping[str, Any] = field(default_factory=dict)
    md: MarkdownIt = field(init=False, default_factory=inline_parser)
    #: Labels already called: only the first call of a note gets an anchor.
    called: set[str] = field(init=False, default_factory=set)

    def __call__(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        env = {"references": dict(self.references), "inline": self}
        tokens = self.md.parseInline(text, env)
        for tok in tokens:
            self._typeset(tok.children or [])
        return Markup(self.md.renderer.render(tokens, self.md.options, env).strip())

    def plain(self, text: str | None) -> str:
        """The text without markup, typeset (for PDF metadata and alt text)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self(model._plain(text or ""))))

    def _typeset(self, children: list[Token]) -> None:
        texts = [t for t in children if t.type in ("text", "code_inline")]
        pieces = [("literal" if t.type == "code_inline" else "text", t.content) for t in texts]
        before = ""
        for tok, content in zip(texts, educate(pieces, self.lang), strict=True):
            if tok.type == "text":
                tok.content = french_spacing(content, before) if self.lang.startswith("fr") else content
            before = tok.content or before

    def note_call(self, label: str) -> str:
        mark = html.escape(self.marks.get(label, "?"))
        slug = _slug(label)
        if label in self.footnotes:
            note = self(self.notes[label].text) if label in self.notes else ""
            kind = "symbol" if label.startswith("*") else "numbered"
            return (f'{WORD_JOINER}<span class="footnote {kind}" data-mark="{mark}" id="fn-{slug}">'
                    f"{note}</span>")
        anchor = "" if label in self.called else f' id="call-{slug}"'
        self.called.add(label)
        return f'{WORD_JOINER}<a class="note-call" href="#note-{slug}"{anchor}>{mark}</a>'


def _slug(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", label)


def _environment(translations: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("brief", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def render_html(brief: Brief, lang: str | None = None, *, stylesheet: str | None = None,
                locales: Any = None, blank_pages: int = 0, **options: Any) -> str:
    """The HTML of one edition. With `lang` other than the brief's, the
    brief is first translated from its catalog (`brief.i18n`).

    `stylesheet` links a CSS file (for the HTML bundle; PDF builds pass the
    styles to WeasyPrint directly); `blank_pages` empty pages go before the
    colophon (the print edition's padding to a multiple of four pages)."""
    from . import i18n
    if lang and lang != brief.lang:
        brief = i18n.translate(brief, lang, locales=locales, **options).brief
    lang = brief.lang
    marks = brief.marks()
    at_foot = {label for label in marks if label.startswith("*") or brief.notes_mode == "footnotes"}
    inline = Inline(lang, marks, brief.notes, at_foot, brief.references)
    env = _environment(i18n.template_translations(lang))
    endnotes = [n for n in brief.ordered_notes() if n.label in marks and n.label not in at_foot]
    template = env.get_template(TEMPLATE)
    return template.render(
        brief=brief, md=inline, lang=lang, stylesheet=stylesheet,
        date=format_date(brief.date, "long", locale=_locale(lang)) if brief.date else None,
        year=brief.date.year if brief.date else None,
        chapters=_numbered(brief), endnotes=endnotes, marks=marks, slug=_slug,
        body=_body, kind=lambda b: type(b).__name__.lower(), blank_pages=blank_pages,
    )


def _locale(lang: str) -> Locale:
    """The locale of dates and numbers. A bare ``en`` is British English
    (15 September 2017), as in European publications; write ``en-US`` for
    the American order."""
    tag = lang.replace("-", "_")
    return Locale.parse("en_GB" if tag == "en" else tag)


def _numbered(brief: Brief) -> list[dict[str, Any]]:
    """Chapters with their numbers, and their sections with theirs ("4.2")."""
    out = []
    number = 0
    for i, ch in enumerate(brief.chapters):
        if ch.numbered:
            number += 1
        sections: list[dict[str, Any]] = []
        sub = 0
        for s in ch.sections:
            if s.numbered and ch.numbered:
                sub += 1
            sections.append({"section": s, "number": f"{number}.{sub}" if s.numbered and ch.numbered else None,
                             "id": s.anchor or f"s{i + 1}-{len(sections) + 1}"})
        out.append({"chapter": ch, "number": number if ch.numbered else None,
                    "id": ch.anchor or f"ch{i + 1}", "sections": sections})
    return out


def _body(entry: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """A chapter's body as runs of column text and spanning blocks.

    The body is the chapter's blocks, then each section's heading (its
    entry, a dict) and blocks. It is split where a block spans both columns.

    WeasyPrint 70 lays out the columns that follow a ``column-span: all``
    block without the space taken by page-foot notes called above it, so
    that text can run under the notes. Separate multi-column boxes around
    each spanning block do not have that problem and look the same."""
    flow: list[Any] = list(entry["chapter"].blocks)
    for s in entry["sections"]:
        flow.append(s)
        flow.extend(s["section"].blocks)
    runs: list[tuple[str, list[Any]]] = []
    for b in flow:
        if isinstance(b, (model.PullQuote, model.Figure)):
            runs.append(("span", [b]))
        elif runs and runs[-1][0] == "columns":
            runs[-1][1].append(b)
        else:
            runs.append(("columns", [b]))
    return runs
