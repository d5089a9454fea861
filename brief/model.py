"""The document model: what a brief is, independent of Markdown and of HTML.

Text is kept as *inline Markdown* (``**``, ``*``, links and ``[^label]`` note
calls). That string is the unit a translator sees in a catalog, so that the
markup and the note calls travel with the words; it becomes HTML only when an
edition is rendered. Every node remembers where it came from (`Location`), so
that an error about it, or about its translation, can point at the source.

The same model is built by `brief.source.load` from Markdown or by hand in
Python::

    b = Brief(title="Energiearmoede", lang="nl")
    ch = b.chapter("Context", numbered=False)
    ch.paragraph("Eén gezin op vijf.", notes=["Statbel, *EU-SILC*, 2024."])
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from .errors import SourceError
from .markup import NOTE_CALL, note_calls, plain_text

__all__ = [
    "Location", "Paragraph", "ListItem", "ItemList", "PullQuote", "Box", "Figure", "Cell", "Table",
    "Heading", "Quote", "Code", "Rule", "Lead", "Section", "Chapter", "Note",
    "Brief", "Unit", "Block", "NOTE_CALL", "note_calls", "walk", "ChapterEntry", "SectionEntry",
    "META_KEYS", "MAX_SYMBOL_NOTES", "MAX_CALLS_IN_A_ROW", "Foreign", "text_lang",
]

class Foreign(str):
    """A text in another language than its edition's: in a translated
    edition, a message that fell back to the source language. It is printed
    with its own language's rules (quotes, spacing, hyphenation) and marked
    with its language for screen readers."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Foreign:
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    def __reduce__(self) -> tuple[type[Foreign], tuple[str, str]]:
        return Foreign, (str(self), self.lang)


def text_lang(text: str, default: str) -> str:
    """The language of `text`: its own when it is `Foreign`, else `default`."""
    return text.lang if isinstance(text, Foreign) else default


@dataclass(slots=True, frozen=True)
class Location:
    """Where a node starts in its source: a file and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(slots=True)
class Paragraph:
    text: str
    loc: Location | None = None


@dataclass(slots=True)
class ListItem:
    """One item: its first paragraph as `text`, then any further blocks
    (a nested list, more paragraphs)."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    loc: Location | None = None


@dataclass(slots=True)
class ItemList:
    items: list[ListItem]
    ordered: bool = False
    start: int = 1
    loc: Location | None = None


@dataclass(slots=True)
class PullQuote:
    text: str
    loc: Location | None = None


@dataclass(slots=True)
class Box:
    title: str | None
    blocks: list[Block] = field(default_factory=list)
    loc: Location | None = None
    #: Where the title's heading is (the box's ``:::`` line is `loc`).
    title_loc: Location | None = None


@dataclass(slots=True)
class Figure:
    """An image with its caption (inline Markdown) and alt text (plain).
    Without alt text of its own, the alt text is the caption's words: it is
    then no message of its own for translators, and follows the caption."""

    src: str
    caption: str
    alt: str
    loc: Location | None = None

    @property
    def alt_is_caption(self) -> bool:
        return self.alt == plain_text(self.caption)


@dataclass(slots=True)
class Cell:
    """One cell of a table: inline Markdown, a translatable unit of its own."""

    text: str
    loc: Location | None = None


@dataclass(slots=True)
class Table:
    """A table: one header row, body rows of the same width, an optional
    caption (inline Markdown).

    `align` holds each column's alignment as written (``"left"``,
    ``"right"``, ``"center"`` or None); `row_headers` makes the first cell
    of each body row the heading of its row (the top-left cell is then
    left empty)."""

    head: list[Cell]
    rows: list[list[Cell]]
    align: list[str | None] = field(default_factory=list)
    caption: str = ""
    row_headers: bool = False
    loc: Location | None = None

    def cells(self) -> Iterator[Cell]:
        """Every cell, the header row first, row by row."""
        yield from self.head
        for row in self.rows:
            yield from row


@dataclass(slots=True)
class Heading:
    """A minor heading (``###`` and below) in running text."""

    text: str
    level: int = 3
    loc: Location | None = None


@dataclass(slots=True)
class Quote:
    """A block quotation."""

    blocks: list[Block]
    loc: Location | None = None


@dataclass(slots=True)
class Code:
    """Preformatted text: printed as it is, never translated."""

    text: str
    loc: Location | None = None


@dataclass(slots=True)
class Rule:
    loc: Location | None = None


Block = Union[Paragraph, ItemList, PullQuote, Box, Figure, Table, Heading, Quote, Code, Rule]  # noqa: UP007


class _Blocks:
    """The builder methods shared by chapters, sections, boxes."""

    blocks: list[Block]

    def _owner(self) -> Brief | None:
        return None

    def paragraph(self, text: str, *, notes: Iterable[str] = ()) -> Paragraph:
        """Add a paragraph; each text in `notes` becomes a numbered note
        called at the end of the paragraph."""
        text = text + "".join(self._call(n) for n in notes)
        p = Paragraph(text)
        self.blocks.append(p)
        return p

    def _call(self, note_text: str) -> str:
        brief = self._owner()
        if brief is None:
            raise SourceError("a note needs a chapter that belongs to a brief",
                              hint="make the chapter with Brief.chapter(...)")
        return f"[^{brief.note(None, note_text)}]"

    def bullets(self, items: Iterable[str | tuple[str, Iterable[str]]]) -> ItemList:
        """Add a bullet list; an item may be ``(text, [sub-items])``."""
        lst = ItemList([_item(i) for i in items])
        self.blocks.append(lst)
        return lst

    def numbered_list(self, items: Iterable[str | tuple[str, Iterable[str]]], start: int = 1) -> ItemList:
        """Add a numbered list; an item may be ``(text, [sub-bullets])``."""
        lst = ItemList([_item(i) for i in items], ordered=True, start=start)
        self.blocks.append(lst)
        return lst

    def pull_quote(self, text: str) -> PullQuote:
        q = PullQuote(text)
        self.blocks.append(q)
        return q

    def box(self, title: str | None, *paragraphs: str) -> Box:
        b = Box(title, [Paragraph(p) for p in paragraphs])
        self.blocks.append(b)
        return b

    def figure(self, src: str, caption: str, alt: str | None = None) -> Figure:
        f = Figure(src, caption, alt if alt is not None else plain_text(caption))
        self.blocks.append(f)
        return f

    def table(self, head: Iterable[str], rows: Iterable[Iterable[str]], *, caption: str = "",
              align: Iterable[str | None] = (), row_headers: bool = False) -> Table:
        """Add a table: the header row's texts, then each body row's."""
        t = Table([Cell(h) for h in head], [[Cell(c) for c in row] for row in rows],
                  list(align), caption, row_headers)
        self.blocks.append(t)
        return t


def _item(spec: str | tuple[str, Iterable[str]]) -> ListItem:
    if isinstance(spec, str):
        return ListItem(spec)
    text, subs = spec
    return ListItem(text, [ItemList([ListItem(s) for s in subs])])


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, depth first: those inside boxes, quotations and list
    items too. The one walk of the tree that every stage uses."""
    for b in blocks:
        yield b
        if isinstance(b, (Box, Quote)):
            yield from walk(b.blocks)
        elif isinstance(b, ItemList):
            for item in b.items:
                yield from walk(item.blocks)


@dataclass(slots=True)
class Lead:
    blocks: list[Block] = field(default_factory=list)
    loc: Location | None = None


@dataclass(slots=True)
class Section(_Blocks):
    title: str
    numbered: bool = True
    anchor: str | None = None
    blocks: list[Block] = field(default_factory=list)
    loc: Location | None = None
    brief: Brief | None = field(default=None, repr=False, compare=False)

    def _owner(self) -> Brief | None:
        return self.brief


@dataclass(slots=True)
class Chapter(_Blocks):
    title: str
    numbered: bool = True
    anchor: str | None = None
    lead_block: Lead | None = None
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    loc: Location | None = None
    brief: Brief | None = field(default=None, repr=False, compare=False)

    def _owner(self) -> Brief | None:
        return self.brief

    def lead(self, text: str) -> Lead:
        """Set (or extend) the chapter's lead: the summary in the tinted box."""
        if self.lead_block is None:
            self.lead_block = Lead()
        self.lead_block.blocks.append(Paragraph(text))
        return self.lead_block

    def section(self, title: str, *, numbered: bool = True, anchor: str | None = None) -> Section:
        s = Section(title, numbered, anchor, brief=self.brief)
        self.sections.append(s)
        return s


@dataclass(slots=True)
class Note:
    """A note definition. Labels starting with ``*`` are symbol notes
    (definitions of terms, set at the foot of the page); the others are
    numbered in the order of their first call."""

    label: str
    text: str
    loc: Location | None = None

    @property
    def symbol(self) -> bool:
        return self.label.startswith("*")


@dataclass(slots=True)
class Unit:
    """One translatable piece of text and where it lives in the model.

    `kind` says what it is ("pull quote", "note"): the catalogs tell two
    messages of the same text apart by it. `role` says what and where, in
    words a translator understands ("pull quote, chapter 2"): it becomes
    the message's comment. `owner` and `attr` name the slot it fills."""

    text: str
    kind: str
    role: str
    loc: Location | None
    owner: Any = field(repr=False)
    attr: str = "text"

    def set(self, text: str) -> None:
        setattr(self.owner, self.attr, text)


#: The most symbol notes a brief may have: their marks are *, ** ... up to
#: this many asterisks.
MAX_SYMBOL_NOTES = 10

#: The most note calls written one after the other ("[^a][^b]"): they are
#: set as one unbreakable run of marks, which must fit on a line.
MAX_CALLS_IN_A_ROW = 10
_CALL_RUN = re.compile(f"(?:{NOTE_CALL.pattern}){{{MAX_CALLS_IN_A_ROW + 1},}}")

#: The front-matter keys of the format, with their Python types.
META_KEYS: dict[str, Any] = {
    "title": str, "subtitle": str, "lang": str, "translations": list, "date": datetime.date,
    "publisher": str, "responsible_editor": str, "legal_deposit": str, "authors": list,
    "series": str, "keywords": list, "notes": str, "min_translated": float, "press": bool,
    "logo": str, "licence": str, "contact": str, "website": str, "isbn": str,
}


@dataclass(slots=True)
class Brief:
    """A policy brief: its front matter, its chapters and its notes."""

    title: str
    lang: str
    subtitle: str | None = None
    translations: list[str] = field(default_factory=list)
    date: datetime.date | None = None
    publisher: str | None = None
    responsible_editor: str | None = None
    legal_deposit: str | None = None
    authors: list[str] = field(default_factory=list)
    series: str | None = None
    keywords: list[str] = field(default_factory=list)
    notes_mode: str = "endnotes"
    min_translated: float | None = None
    press: bool = False
    #: An image file in the brief's folder, printed on the cover.
    logo: str | None = None
    #: The licence's SPDX code (`brief.meta.LICENCES`); None: the default sentence.
    licence: str | None = None
    contact: str | None = None
    website: str | None = None
    isbn: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    #: The source file, when the brief was loaded from one: images are
    #: looked up next to it, and errors name it.
    path: Path | None = None
    #: Link reference definitions (``[x]: url``) of the source, for inline rendering.
    references: dict[str, Any] = field(default_factory=dict)
    #: Where each front-matter key was written.
    meta_loc: dict[str, Location] = field(default_factory=dict)
    #: The language of the source, when this brief is a translated edition.
    source_lang: str | None = None
    #: Where each note is first called (the line itself, inside a long paragraph).
    call_locs: dict[str, Location] = field(default_factory=dict)
    #: A translated edition printed with fuzzy translations, not yet reviewed.
    draft: bool = False

    # -- building in Python -------------------------------------------------

    def chapter(self, title: str, *, numbered: bool = True, anchor: str | None = None) -> Chapter:
        ch = Chapter(title, numbered, anchor, brief=self)
        self.chapters.append(ch)
        return ch

    def note(self, label: str | None, text: str) -> str:
        """Define a note and return its label (a fresh one when `label` is None).
        Call it in text as ``[^label]``; a label starting with ``*`` makes a
        symbol note."""
        if label is None:
            n = len(self.notes) + 1
            while f"n{n}" in self.notes:
                n += 1
            label = f"n{n}"
        if label in self.notes:
            raise SourceError(f"note [^{label}] is defined twice", hint="give the second note another label")
        self.notes[label] = Note(label, text)
        return label

    # -- reading ------------------------------------------------------------

    @property
    def name(self) -> str:
        """The stem of the output files and catalogs."""
        return self.path.stem if self.path else re.sub(r"\W+", "-", self.title.lower()).strip("-")

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def languages(self) -> list[str]:
        """The source language first, then the translations."""
        return [self.lang] + [t for t in self.translations if t != self.lang]

    def outline(self) -> list[ChapterEntry]:
        """The chapters with their numbers and anchors, and their sections
        with theirs ("4.2"): the format's numbering, computed here only."""
        out: list[ChapterEntry] = []
        number = 0
        for i, ch in enumerate(self.chapters, start=1):
            if ch.numbered:
                number += 1
            entry = ChapterEntry(ch, number if ch.numbered else None, ch.anchor or f"ch{i}")
            sub = 0
            for j, s in enumerate(ch.sections, start=1):
                shown = None
                if s.numbered and ch.numbered:
                    sub += 1
                    shown = f"{number}.{sub}"
                entry.sections.append(SectionEntry(s, shown, s.anchor or f"s{i}-{j}"))
            out.append(entry)
        return out

    def every_block(self) -> Iterator[Block]:
        """Every block of the body, in reading order, wherever it stands."""
        for ch in self.chapters:
            if ch.lead_block:
                yield from walk(ch.lead_block.blocks)
            yield from walk(ch.blocks)
            for s in ch.sections:
                yield from walk(s.blocks)

    def figures(self) -> list[Figure]:
        """Every figure, in reading order, wherever it stands (a box, a list)."""
        return [b for b in self.every_block() if isinstance(b, Figure)]

    def units(self) -> Iterator[Unit]:
        """Every translatable text, in reading order: the body, then the notes."""
        yield from self.body_units()
        marks = self.marks()
        for note in self.ordered_notes():
            kind = "symbol note" if note.symbol else "note"
            role = f"{kind} {marks.get(note.label, '(not called)')}, [^{note.label}]"
            yield Unit(note.text, kind, role, note.loc, note, "text")

    def body_units(self) -> Iterator[Unit]:
        """Every translatable text but the notes, in reading order."""
        for key, kind in (("series", "series line"), ("title", "title"), ("subtitle", "subtitle")):
            if getattr(self, key):
                yield Unit(getattr(self, key), kind, kind, self.meta_loc.get(key), self, key)
        for entry in self.outline():
            ch = entry.chapter
            where = f"chapter {entry.number}" if entry.number else f"chapter “{plain_text(ch.title)}”"
            yield Unit(ch.title, "chapter title", f"chapter title, {where}", ch.loc, ch, "title")
            if ch.lead_block:
                yield from _block_units(ch.lead_block.blocks, f"lead, {where}")
            yield from _block_units(ch.blocks, where)
            for s in ch.sections:
                yield Unit(s.title, "section title", f"section title, {where}", s.loc, s, "title")
                yield from _block_units(s.blocks, where)

    def ordered_notes(self) -> list[Note]:
        """Notes in the order of their first call (uncalled ones last)."""
        order = {label: i for i, label in enumerate(dict.fromkeys(self.calls()))}
        return sorted(self.notes.values(), key=lambda n: order.get(n.label, len(order)))

    def calls(self) -> Iterator[str]:
        """Labels of note calls, in reading order (repeats included)."""
        for unit in self.body_units():
            yield from note_calls(unit.text)

    def marks(self) -> dict[str, str]:
        """The mark of each called note: 1, 2, 3 ... for numbered notes in
        the order of their first call, ``*``, ``**`` ... for symbol notes."""
        marks: dict[str, str] = {}
        numbered = symbols = 0
        for label in self.calls():
            if label in marks or label not in self.notes:
                continue
            if label.startswith("*"):
                symbols += 1
                marks[label] = "*" * symbols
            else:
                numbered += 1
                marks[label] = str(numbered)
        return marks

    def problems(self) -> list[SourceError]:
        """What makes the brief wrong whatever its edition: note calls
        against definitions (a call without a definition, a definition never
        called, a note that calls a note). In source order, all of them.

        The loader runs this on what it read, and every build on what it is
        given, so that a brief built in Python is held to the same rules."""
        problems: list[SourceError] = []
        runs: list[SourceError] = []
        fallback = str(self.path) if self.path else None
        called: set[str] = set()
        for unit in self.body_units():
            for label in note_calls(unit.text):
                called.add(label)
                if label not in self.notes:
                    where = self.call_locs.get(label, unit.loc)
                    what = f" (in the {unit.role})" if where is None else ""
                    problems.append(SourceError.at(
                        where, f"note [^{label}] is called but never defined{what}",
                        hint=f"add a line '[^{label}]: text of the note'", file=fallback))
            run = _CALL_RUN.search(unit.text) if "[^" in unit.text else None
            if run:
                first = NOTE_CALL.match(run.group())
                where = self.call_locs.get(first.group(1), unit.loc) if first else unit.loc
                runs.append(SourceError.at(
                    where, f"more than {MAX_CALLS_IN_A_ROW} note calls in a row, which no line can hold",
                    hint="merge those notes into one", file=fallback))
        problems += runs
        symbols = [n for n in self.notes.values() if n.symbol]
        if len(symbols) > MAX_SYMBOL_NOTES:
            extra = symbols[MAX_SYMBOL_NOTES]
            problems.append(SourceError.at(
                extra.loc, f"more than {MAX_SYMBOL_NOTES} symbol notes (this is number "
                f"{MAX_SYMBOL_NOTES + 1} of {len(symbols)}): their marks would run to "
                f"{'*' * (MAX_SYMBOL_NOTES + 1)}",
                hint="keep symbol notes for a few defined terms; make the others numbered notes "
                     "(a label without '*')", file=fallback))
        for note in self.notes.values():
            if note_calls(note.text):
                problems.append(SourceError.at(note.loc, f"note [^{note.label}] calls another note",
                                               hint="merge the two notes into one", file=fallback))
            if note.label not in called:
                problems.append(SourceError.at(
                    note.loc, f"note [^{note.label}] is defined but never called",
                    hint=f"call it in the text with [^{note.label}] or remove it", file=fallback))
        return sorted(problems, key=lambda e: (e.file or "", e.line or 0))

    def translated(self, translate: Callable[[Unit], str]) -> Brief:
        """A copy of this brief with every unit's text passed through `translate`."""
        other = copy.deepcopy(self)
        following = [f for f in other.figures() if f.alt_is_caption]
        for unit in list(other.units()):
            unit.set(translate(unit))
        for f in following:
            f.alt = plain_text(f.caption)
            if isinstance(f.caption, Foreign):
                f.alt = Foreign(f.alt, f.caption.lang)
        return other


@dataclass(slots=True)
class SectionEntry:
    """A section with its printed number (None: unnumbered) and its anchor."""

    section: Section
    number: str | None
    id: str


@dataclass(slots=True)
class ChapterEntry:
    """A chapter with its printed number (None: unnumbered), its anchor and
    its sections."""

    chapter: Chapter
    number: int | None
    id: str
    sections: list[SectionEntry] = field(default_factory=list)


def _block_units(blocks: Iterable[Block], where: str) -> Iterator[Unit]:
    for b in blocks:
        if isinstance(b, Paragraph):
            yield Unit(b.text, "paragraph", f"paragraph, {where}", b.loc, b)
        elif isinstance(b, ItemList):
            for item in b.items:
                yield Unit(item.text, "list item", f"list item, {where}", item.loc, item)
                yield from _block_units(item.blocks, where)
        elif isinstance(b, PullQuote):
            yield Unit(b.text, "pull quote", f"pull quote, {where}", b.loc, b)
        elif isinstance(b, Box):
            if b.title:
                yield Unit(b.title, "box title", f"box title, {where}", b.title_loc or b.loc, b, "title")
            yield from _block_units(b.blocks, f"box, {where}")
        elif isinstance(b, Table):
            if b.caption:
                yield Unit(b.caption, "table caption", f"table caption, {where}", b.loc, b, "caption")
            for cell in b.cells():
                yield Unit(cell.text, "table cell", f"table cell, {where}", cell.loc or b.loc, cell)
        elif isinstance(b, Figure):
            yield Unit(b.caption, "figure caption", f"figure caption, {where}", b.loc, b, "caption")
            if b.alt and not b.alt_is_caption:
                yield Unit(b.alt, "figure alt text", f"figure alt text, {where}", b.loc, b, "alt")
        elif isinstance(b, Heading):
            yield Unit(b.text, "heading", f"heading, {where}", b.loc, b)
        elif isinstance(b, Quote):
            yield from _block_units(b.blocks, f"quotation, {where}")
