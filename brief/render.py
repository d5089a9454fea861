"""Model → HTML: one edition of a brief, through the Jinja2 templates.

The model keeps inline Markdown; here it becomes HTML with a small
markdown-it instance (no raw HTML) and one extension of ours, the note call.
Numbered notes get their number from the order of the first calls *in this
edition*, so a translation that reorders two calls still prints 1 before 2.

The brief given is an edition, already in its language (`brief.i18n`
translates, `brief.build` runs the stages in order).
"""

from __future__ import annotations

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
from .i18n.templates import template_translations
from .markup import inline_parser, plain_text, squash, token_text
from .meta import LICENCES
from .model import Brief, text_lang
from .typography import educate, french_spacing, numbers

__all__ = ["render_html", "Inline", "TEMPLATE", "slug", "body_runs", "column_aligns", "WORD_JOINER",
           "environment", "babel_locale"]

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
        """The HTML of an inline Markdown text. A text in another language
        than the edition's (`model.Foreign`: a message that fell back to
        the source) is typeset by its own language's rules and marked with
        it, so that hyphenation and screen readers follow it too."""
        if not text:
            return Markup("")
        lang = text_lang(text, self.lang)
        env = {"references": dict(self.references), "inline": self}
        tokens = self.md.parseInline(text, env)
        for tok in tokens:
            self._typeset(tok.children or [], lang)
        html = self.md.renderer.render(tokens, self.md.options, env).strip()
        if lang != self.lang:
            html = f'<span lang="{Markup.escape(lang)}">{html}</span>'
        return Markup(html)

    def plain(self, text: str | None) -> str:
        """The words of the text as they are printed, typeset but without
        markup or note calls (for PDF metadata, outlines and alt text)."""
        if not text:
            return ""
        tokens = self.md.parseInline(text, {"references": dict(self.references), "inline": self})
        for tok in tokens:
            self._typeset(tok.children or [], text_lang(text, self.lang))
        return squash(token_text(tokens))

    def _typeset(self, children: list[Token], lang: str) -> None:
        texts = [t for t in children if t.type in ("text", "code_inline")]
        pieces = [("literal" if t.type == "code_inline" else "text", t.content) for t in texts]
        before = ""
        for tok, content in zip(texts, educate(pieces, lang), strict=True):
            if tok.type == "text":
                content = numbers(content, lang)
                tok.content = french_spacing(content, before) if lang.startswith("fr") else content
            before = tok.content or before

    def note_call(self, label: str) -> str:
        """A note call. A page-foot note is set where it is first called (its
        text floats to the foot of the page); a later call of the same note
        is a reference mark linking to it, so that the note is printed once."""
        mark = Markup.escape(self.marks.get(label, "?"))
        name = slug(label)
        first = label not in self.called
        self.called.add(label)
        if label in self.footnotes and first:
            text = self.notes[label].text if label in self.notes else ""
            # The anchor on the first paragraph, not on the note with its padding:
            # the link of a later call then lands on the note's first line.
            paras = [self(p) for p in text.split("\n\n")]
            note = "".join(f'<span class="note-para" id="note-{name}">{p}</span>' if i == 0 else
                           f'<span class="note-para">{p}</span>' for i, p in enumerate(paras))
            kind = "symbol" if label.startswith("*") else "numbered"
            return (f'{WORD_JOINER}<span class="footnote {kind}" data-mark="{mark}">'
                    f"{note}</span>")
        anchor = f' id="call-{name}"' if first else ""
        return f'{WORD_JOINER}<a class="note-call" href="#note-{name}"{anchor}>{mark}</a>'


def slug(label: str) -> str:
    """A note label as an HTML id: letters, digits, ``_`` and ``-`` kept,
    anything else as ``_`` and its code point."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", label)


def environment(translations: Any) -> jinja2.Environment:
    """The templates' environment, their words from `translations` (the web
    edition's templates share it)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("brief", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def render_html(brief: Brief, *, stylesheet: str | None = None) -> str:
    """The HTML of one edition (`brief` is in the edition's language).

    `stylesheet` links a CSS file (for the HTML bundle; PDF builds pass the
    styles to WeasyPrint directly). The press edition's blank pages, which
    pad it to a multiple of four, are added to the finished file
    (`brief.finish.pages`)."""
    lang = brief.lang
    marks = brief.marks()
    at_foot = {label for label in marks if label.startswith("*") or brief.notes_mode == "footnotes"}
    inline = Inline(lang, marks, brief.notes, at_foot, brief.references)
    env = environment(template_translations(lang))
    endnotes = [n for n in brief.ordered_notes() if n.label in marks and n.label not in at_foot]
    template = env.get_template(TEMPLATE)
    return template.render(
        brief=brief, md=inline, lang=lang, stylesheet=stylesheet,
        date=format_date(brief.date, "long", locale=babel_locale(lang)) if brief.date else None,
        year=brief.date.year if brief.date else None,
        chapters=brief.outline(), endnotes=endnotes, marks=marks, slug=slug,
        body=body_runs, kind=lambda b: type(b).__name__.lower(),
        column_aligns=column_aligns, licence_url=licence_url,
    )


#: A cell that is a number: digits with their separators, a sign, a unit or a percent.
_NUMERIC = re.compile(r"[-+−±~≈<>]?\s?[€$£]?\s?\d[\d\s.,\u00a0\u202f']*(?:\s?(?:%|‰|€|[a-zA-Zµ°]{1,4}))?\*?")


def column_aligns(table: model.Table) -> list[str | None]:
    """Each column's alignment: as written in the table (``:--``, ``--:``,
    ``:-:``), else right for a column whose body cells are all numbers
    (figures line up on their last digit), else none (the start of the line)."""
    aligns: list[str | None] = []
    for i in range(len(table.head)):
        written = table.align[i] if i < len(table.align) else None
        cells = [squash(plain_text(row[i].text)) for row in table.rows if i < len(row)]
        cells = [c for c in cells if c not in ("", "-", "–", "—")]
        numeric = bool(cells) and all(_NUMERIC.fullmatch(c) for c in cells)
        aligns.append(written or ("right" if numeric else None))
    return aligns


def licence_url(code: str | None) -> str | None:
    """The address of a licence's text, for the colophon."""
    licence = LICENCES.get(code or "")
    return licence.url if licence else None


def babel_locale(lang: str) -> Locale:
    """The locale of dates and numbers. A bare ``en`` is British English
    (15 September 2017), as in European publications; write ``en-US`` for
    the American order."""
    tag = lang.replace("-", "_")
    return Locale.parse("en_GB" if tag == "en" else tag)


def body_runs(entry: model.ChapterEntry) -> list[tuple[str, list[Any]]]:
    """A chapter's body as runs of column text and spanning blocks.

    The body is the chapter's blocks, then each section's heading (its
    `SectionEntry`) and blocks. It is split where a block spans both columns.

    WeasyPrint 70 lays out the columns that follow a ``column-span: all``
    block without the space taken by page-foot notes called above it, so
    that text can run under the notes. Separate multi-column boxes around
    each spanning block do not have that problem and look the same."""
    flow: list[Any] = list(entry.chapter.blocks)
    for s in entry.sections:
        flow.append(s)
        flow.extend(s.section.blocks)
    runs: list[tuple[str, list[Any]]] = []
    for b in flow:
        if isinstance(b, (model.PullQuote, model.Figure, model.Table)):
            runs.append(("span", [b]))
        elif runs and runs[-1][0] == "columns":
            runs[-1][1].append(b)
        else:
            runs.append(("columns", [b]))
    return runs
