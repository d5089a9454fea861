"""The PDF, read back: each page's words (with their fonts, sizes and
baselines), graphics and images through pdfium (`brief.check.pdfium`), its
boxes and links through pypdf; and the named destinations of the notes.

Units are PDF points (1/72 in) throughout; x is the PDF's, y (``top``) is
measured down from the top of the page's media box.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdf
import pypdfium2 as pdfium
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .margins import Margins
from .pdfium import SUBSET, Glyphs, RawImage, RawWord, page_objects, words
from .rendering import fill

__all__ = ["Word", "Line", "Page", "Item", "Dest", "Glyphs", "read_page", "note_destinations", "is_heading_font",
           "OVERLAP_TOLERANCE", "SIZE_TOLERANCE", "BLANK", "NAMED_PAGE", "HEADING_MIN_SIZE", "SUBSET", "MARK", "FOLIO"]

#: How much two word boxes may intersect, both ways, before it is an overlap.
OVERLAP_TOLERANCE = 0.5
#: Two sizes closer than this are the same size (PDF sizes are exact; 8.8 and 9.1 pt are not).
SIZE_TOLERANCE = 0.15
#: Headings are bold and at least this large (brief.css: Inter Bold/ExtraBold, 10 pt and up).
HEADING_MIN_SIZE = 10.0
#: The page key that marks a blank page added on purpose (`brief.finish.BLANK`).
BLANK = "/BriefBlank"
#: The page key that names the named page (``@page back``) a page was laid out on.
NAMED_PAGE = "/BriefPage"


# -- the PDF, read back -----------------------------------------------------------------------

#: A note's mark: symbols (*, **, †) or a number, maybe followed by "." or ")".
MARK = re.compile(r"^(\*{1,6}|†{1,3}|‡{1,3}|§{1,3}|¶{1,3}|\d{1,3})[.)]?$")
FOLIO = re.compile(r"^(\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8})$")


@dataclass(slots=True, eq=False)
class Word(RawWord):
    """A word of the page, as the checks see it."""

    #: Raised and smaller than the word next to it: a note call.
    sup: bool = False

    @property
    def mark(self) -> str | None:
        m = MARK.match(self.text)
        return m.group(1) if m else None


@dataclass(slots=True, eq=False)
class Line:
    """The words of one baseline in one column (or across the columns)."""

    words: list[Word]
    column: int | None = None          # None: spans the columns
    sups: list[Word] = field(default_factory=list)
    _size: float | None = field(default=None, repr=False)
    _baseline: float | None = field(default=None, repr=False)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words + self.sups)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def baseline(self) -> float:
        """The baseline of its longest word (a list item's number may sit a point off)."""
        if self._baseline is None:
            self._baseline = max(self.words, key=lambda w: len(w.text)).baseline
        return self._baseline

    @property
    def size(self) -> float:
        """The size most of its letters are set in (worked out once, as the
        baseline: a line's words do not change once it is made)."""
        if self._size is None:
            sizes: Counter[float] = Counter()
            for w in self.words:
                sizes[round(w.size, 1)] += len(w.text)
            self._size = sizes.most_common(1)[0][0]
        return self._size

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))

    @property
    def heading(self) -> bool:
        """Set in a bold face (not semibold, not black) at heading size."""
        letters = [w for w in self.words if any(c.isalnum() for c in w.text)]
        return bool(letters) and all(is_heading_font(w) for w in letters)


def is_heading_font(w: Word) -> bool:
    name = w.font.lower().replace("-", "").replace(" ", "")
    if w.size < HEADING_MIN_SIZE - 0.05 or "bold" not in name:
        return False
    return not any(k in name for k in ("semibold", "demibold", "black", "heavy"))


@dataclass(slots=True, eq=False)
class Page:
    number: int                    # 1-based
    top_y: float                   # the PDF y of the media box's top, from which `top` is measured
    trim: tuple[float, float, float, float]       # x0, top, x1, bottom
    content: tuple[float, float, float, float]    # the trim less the margins
    words: list[Word]             # every word, upright or not
    graphics: list[tuple[float, float, float, float]]  # drawings and images: x0, top, x1, bottom
    images: list[RawImage]
    links: list[tuple[str, tuple[float, float, float, float]]]  # destination, rect
    intended_blank: bool
    #: The named page it was laid out on (``@page back``), when the build said so (`NAMED_PAGE`).
    named: str | None
    #: How much of its type area holds ink (0–1), as drawn by pdfium (`brief.check.rendering.fill`).
    fill: float
    lines: list[Line] = field(default_factory=list)
    boundaries: list[tuple[float, float]] = field(default_factory=list)  # column 2, 3 … left edge, gap
    foot: list[Line] = field(default_factory=list)        # the page-foot notes
    foot_marks: list[tuple[str, Line]] = field(default_factory=list)
    calls: list[Word] = field(default_factory=list)        # superscripts not linked to endnotes
    items: list[Item] = field(default_factory=list)        # the text, in reading order

    def in_head_band(self, w: Word) -> bool:
        return w.bottom <= self.content[1] + OVERLAP_TOLERANCE and w.top >= self.trim[1] - 1

    def in_foot_band(self, w: Word) -> bool:
        return w.top >= self.content[3] - OVERLAP_TOLERANCE and w.bottom <= self.trim[3] + 1

    def in_margin_band(self, w: Word) -> bool:
        """Running head or folio: in the band above or below the type area
        (of a page after the cover, which has no margins of that kind)."""
        return self.number > 1 and (self.in_head_band(w) or self.in_foot_band(w))


@dataclass(slots=True, eq=False)
class Item:
    """A piece of a page's text flow: a column of a band of columns, or a run
    of lines that spans the columns (a chapter head, a caption)."""

    lines: list[Line]
    band: int | None        # None: a spanning run
    column: int | None
    cut_above: bool = False  # a drawing across the columns separates it from what is above


# -- reading a page ---------------------------------------------------------------------------

def read_page(reader: pypdf.PdfReader, document: pdfium.PdfDocument, index: int, margins: Margins,
              glyphs: Glyphs) -> Page:
    """Page `index` (0-based) read back: its words and drawings from pdfium,
    its boxes, links and marks from pypdf."""
    raw = reader.pages[index]
    media = raw.mediabox
    top_y = float(media.top)
    tx0, ty0, tx1, ty1 = (float(v) for v in raw.trimbox)   # falls back to the crop and media box
    trim = (tx0, top_y - ty1, tx1, top_y - ty0)
    content = (trim[0] + margins.left, trim[1] + margins.top,
               trim[2] - margins.right, trim[3] - margins.bottom)
    page = document[index]
    try:
        found = [Word(w.text, w.x0, w.x1, w.top, w.bottom, w.baseline, w.size, w.font, w.upright)
                 for w in words(page, top_y, glyphs)]
        objects = page_objects(page, top_y)
        crop = tuple(float(v) for v in raw.cropbox)
        share = fill(page, (crop[0], crop[1], crop[2], crop[3]),
                     (content[0], top_y - content[3], content[2], top_y - content[1]))
    finally:
        page.close()
    links = []
    annots = raw.get("/Annots")
    for annot in (annots.get_object() if annots is not None else None) or []:
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        name = _dest_name(annot)
        if name is None:
            continue
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        links.append((name, (min(x0, x1), top_y - max(y0, y1), max(x0, x1), top_y - min(y0, y1))))
    blank = bool(raw.get(BLANK, False))
    named = raw.get(NAMED_PAGE)
    return Page(index + 1, top_y, trim, content, found, objects.graphics, objects.images, links, blank,
                str(named).lstrip("/") if named is not None else None, share)


def _dest_name(annot: DictionaryObject) -> str | None:
    dest = annot.get("/Dest")
    if dest is None:
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
            dest = action.get("/D")
    if dest is None:
        return None
    dest = dest.get_object() if isinstance(dest, IndirectObject) else dest
    if isinstance(dest, ArrayObject):
        return None        # an explicit destination: not one of ours
    if isinstance(dest, bytes):
        return dest.decode("latin-1")
    return str(dest).lstrip("/")


@dataclass(slots=True)
class Dest:
    name: str
    page: int             # 1-based
    left: float | None
    top: float | None     # from the top of the page


def note_destinations(reader: pypdf.PdfReader, tops: Sequence[float]) -> dict[str, Dest]:
    """The named destinations ``note-…``: where each note's text is.
    (`tops`: each page's `Page.top_y`, to turn PDF y into `top`.)"""
    out: dict[str, Dest] = {}
    for name, dest in reader.named_destinations.items():
        name = str(name).lstrip("/")
        if not name.startswith("note-"):
            continue
        try:
            number = reader.get_destination_page_number(dest)
        except Exception:   # a destination to a page that is not in the file
            continue
        if number is None or number < 0:
            continue
        height = tops[number]
        top = dest.get("/Top")
        left = dest.get("/Left")
        out[name] = Dest(name, number + 1,
                          float(left) if isinstance(left, (int, float)) else None,
                          height - float(top) if isinstance(top, (int, float)) else None)
    return out
