"""Preflight: what a printer checks before a brief goes to press.

Two kinds of checks, both returning a list of `Problem` (never printing,
never raising for what they find), like Babel's catalog checks:

* on the finished PDF, `check_pdf`: what only the layout can tell — a font
  that is not embedded, text over text, text in the margins, a note call
  without its note, an empty page, a heading left at the foot of a column,
  a single line of a paragraph cut off from the rest, a low-resolution image;
* on the edition before it is laid out, `check_glyphs` (a character that
  neither font of the design has: WeasyPrint would fall back to some system
  font, or print a blank box) and `check_figures` (a figure without alt text).

The PDF is read back the way a proofreader looks at it: pypdf for the file's
structure (fonts, links, named destinations, page boxes), pdfplumber for
what is printed where (words with their fonts, sizes and baselines, images,
drawings). The layout checks work out the columns of each page from the word
positions alone, so that they judge the PDF and not the intentions of the
stylesheet; the few assumptions about the design (headings are bold sans
serif of 10 pt and more, note calls are set as superscripts, the cover is
page 1) are named where they are made.

Units are PDF points (1/72 in) throughout; page coordinates are pdfplumber's:
x from the left, y (``top``) from the top of the page.
"""

from __future__ import annotations

import bisect
import html
import io
import json
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

if TYPE_CHECKING:  # pragma: no cover
    from .model import Brief

__all__ = [
    "Problem", "Margins", "check_pdf", "check_glyphs", "check_figures", "report",
    "ERROR", "WARNING", "CODES",
]

ERROR = "error"
WARNING = "warning"

#: Every code a check can report, with its severity.
CODES: dict[str, str] = {
    "font-not-embedded": ERROR,
    "overlap": ERROR,
    "outside-safe-area": ERROR,
    "note-without-text": ERROR,
    "note-not-called": ERROR,
    "blank-page": ERROR,
    "missing-glyph": ERROR,
    "heading-at-end": WARNING,
    "widow-orphan": WARNING,
    "low-resolution": WARNING,
    "missing-alt": WARNING,
    "page-count": WARNING,
}

MM = 72 / 25.4
#: The margins of the design when brief.css cannot be read (top, right, bottom, left).
FALLBACK_MARGINS_MM = (24.0, 18.0, 22.0, 18.0)
#: How far inside the trim the cover's text must stay.
SAFE_ZONE = 10 * MM
#: How far the guillotine may miss the trim: running heads and folios stay this far inside.
TRIM_TOLERANCE = 3 * MM
#: How much two word boxes may intersect, both ways, before it is an overlap.
OVERLAP_TOLERANCE = 0.5
#: Print resolution: an image below this at its printed size looks soft.
MIN_PPI = 300
#: Two sizes closer than this are the same size (PDF sizes are exact; 8.8 and 9.1 pt are not).
SIZE_TOLERANCE = 0.15
#: Headings are bold and at least this large (brief.css: Inter Bold/ExtraBold, 10 pt and up).
HEADING_MIN_SIZE = 10.0


# -- problems -------------------------------------------------------------------------------

@dataclass(slots=True)
class Problem:
    """One thing to fix (an error) or to look at (a warning), located in the
    PDF (`page`) or in the source (`file`, `line`)."""

    severity: str
    code: str
    message: str
    page: int | None = None
    file: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        """``file:line``, ``file, page 3``, ``page 3``, or empty."""
        if self.file is not None:
            if self.line is not None:
                return f"{self.file}:{self.line}"
            return f"{self.file}, page {self.page}" if self.page is not None else self.file
        return f"page {self.page}" if self.page is not None else ""

    def __str__(self) -> str:
        where = self.location
        text = f"{self.severity}: {self.message}  [{self.code}]"
        return f"{where}: {text}" if where else text

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "page": self.page, "file": self.file, "line": self.line}


def _problem(code: str, message: str, page: int | None = None, **where: Any) -> Problem:
    return Problem(CODES[code], code, message, page, **where)


def report(problems: Sequence[Problem], *, as_json: bool = False) -> str:
    """The problems as text (one line each, then a count) or as JSON
    (``{"errors": n, "warnings": n, "problems": [...]}``) for CI tools."""
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    if as_json:
        return json.dumps({"errors": errors, "warnings": warnings,
                           "problems": [p.as_dict() for p in problems]},
                          ensure_ascii=False, indent=2)
    if not problems:
        return "no problems"
    lines = [str(p) for p in problems]
    lines.append(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- margins --------------------------------------------------------------------------------

_UNITS = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "q": MM / 4, "in": 72.0, "pc": 12.0, "px": 0.75}


@dataclass(slots=True, frozen=True)
class Margins:
    """The page margins, in points. Text belongs inside them; only the running
    heads (top band) and the folios (bottom band) stand in the margins."""

    top: float
    right: float
    bottom: float
    left: float

    @classmethod
    def mm(cls, top: float, right: float, bottom: float, left: float) -> Margins:
        return cls(top * MM, right * MM, bottom * MM, left * MM)

    @classmethod
    def from_css(cls, path: str | Path) -> Margins | None:
        """The margins of the stylesheet's plain ``@page`` rule (not ``:left``,
        ``:first`` or a named page), or None when it has none in absolute units."""
        import tinycss2
        rules = tinycss2.parse_stylesheet(Path(path).read_text(encoding="utf-8"),
                                          skip_comments=True, skip_whitespace=True)
        values: dict[str, float] = {}
        for rule in rules:
            if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
                continue
            if tinycss2.serialize(rule.prelude).strip():
                continue
            for decl in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                       skip_whitespace=True):
                if decl.type != "declaration":
                    continue
                lengths = [_length(t) for t in decl.value if t.type not in ("whitespace", "comment")]
                if not lengths or any(v is None for v in lengths):
                    continue
                sides = [v for v in lengths if v is not None]
                if decl.lower_name == "margin" and 1 <= len(sides) <= 4:
                    top, right = sides[0], sides[1] if len(sides) > 1 else sides[0]
                    bottom = sides[2] if len(sides) > 2 else top
                    left = sides[3] if len(sides) > 3 else right
                    values.update(top=top, right=right, bottom=bottom, left=left)
                elif decl.lower_name.startswith("margin-") and len(sides) == 1:
                    values[decl.lower_name[len("margin-"):]] = sides[0]
        if set(values) >= {"top", "right", "bottom", "left"}:
            return cls(values["top"], values["right"], values["bottom"], values["left"])
        return None

    @classmethod
    def default(cls, styles: str | Path | None = None) -> Margins:
        """The margins of brief.css in the styles folder, else the design's
        24/18/22/18 mm."""
        try:
            from .pdf import styles_dir
            found = cls.from_css(styles_dir(styles) / "brief.css")
        except Exception:  # a missing or unreadable stylesheet: fall back, the check still runs
            found = None
        return found or cls.mm(*FALLBACK_MARGINS_MM)


def _length(token: Any) -> float | None:
    if token.type == "dimension" and token.lower_unit in _UNITS:
        return float(token.value) * _UNITS[token.lower_unit]
    if token.type == "number" and token.value == 0:
        return 0.0
    return None


# -- the PDF, read back -----------------------------------------------------------------------

_SUBSET = re.compile(r"^[A-Z]{6}\+")
#: A note's mark: symbols (*, **, †) or a number, maybe followed by "." or ")".
_MARK = re.compile(r"^(\*{1,6}|†{1,3}|‡{1,3}|§{1,3}|¶{1,3}|\d{1,3})[.)]?$")
_FOLIO = re.compile(r"^(\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8})$")


@dataclass(slots=True, eq=False)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    upright: bool = True
    #: Raised and smaller than the word next to it: a note call.
    sup: bool = False

    @property
    def mark(self) -> str | None:
        m = _MARK.match(self.text)
        return m.group(1) if m else None


@dataclass(slots=True, eq=False)
class _Line:
    """The words of one baseline in one column (or across the columns)."""

    words: list[_Word]
    column: int | None = None          # None: spans the columns
    sups: list[_Word] = field(default_factory=list)

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
        return max(self.words, key=lambda w: len(w.text)).baseline

    @property
    def size(self) -> float:
        """The size most of its letters are set in."""
        sizes: Counter[float] = Counter()
        for w in self.words:
            sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))

    @property
    def heading(self) -> bool:
        """Set in a bold face (not semibold, not black) at heading size."""
        letters = [w for w in self.words if any(c.isalnum() for c in w.text)]
        return bool(letters) and all(_is_heading_font(w) for w in letters)


def _is_heading_font(w: _Word) -> bool:
    name = w.font.lower().replace("-", "").replace(" ", "")
    if w.size < HEADING_MIN_SIZE - 0.05 or "bold" not in name:
        return False
    return not any(k in name for k in ("semibold", "demibold", "black", "heavy"))


@dataclass(slots=True, eq=False)
class _Page:
    number: int                    # 1-based
    height: float
    trim: tuple[float, float, float, float]       # x0, top, x1, bottom
    content: tuple[float, float, float, float]    # the trim less the margins
    words: list[_Word]             # every word, upright or not
    graphics: list[tuple[float, float, float, float]]  # drawings and images: x0, top, x1, bottom
    images: list[dict[str, Any]]
    links: list[tuple[str, tuple[float, float, float, float]]]  # destination, rect
    intended_blank: bool
    lines: list[_Line] = field(default_factory=list)
    boundaries: list[tuple[float, float]] = field(default_factory=list)  # column 2, 3 … left edge, gap
    foot: list[_Line] = field(default_factory=list)        # the page-foot notes
    foot_marks: list[tuple[str, _Line]] = field(default_factory=list)
    calls: list[_Word] = field(default_factory=list)        # superscripts not linked to endnotes
    items: list[_Item] = field(default_factory=list)        # the text, in reading order

    def in_head_band(self, w: _Word) -> bool:
        return w.bottom <= self.content[1] + OVERLAP_TOLERANCE and w.top >= self.trim[1] - 1

    def in_foot_band(self, w: _Word) -> bool:
        return w.top >= self.content[3] - OVERLAP_TOLERANCE and w.bottom <= self.trim[3] + 1

    def in_margin_band(self, w: _Word) -> bool:
        """Running head or folio: in the band above or below the type area
        (of a page after the cover, which has no margins of that kind)."""
        return self.number > 1 and (self.in_head_band(w) or self.in_foot_band(w))


@dataclass(slots=True, eq=False)
class _Item:
    """A piece of a page's text flow: a column of a band of columns, or a run
    of lines that spans the columns (a chapter head, a caption)."""

    lines: list[_Line]
    band: int | None        # None: a spanning run
    column: int | None
    cut_above: bool = False  # a drawing across the columns separates it from what is above


def check_pdf(pdf: str | Path | bytes, *, margins: Margins | None = None,
              reference_pages: int | None = None) -> list[Problem]:
    """Preflight a finished PDF: errors that must not go to press, and
    warnings that a person should look at (see the module's docstring).

    `margins` defaults to those of brief.css; `reference_pages` is the page
    count of the source edition, which a translation should not exceed or
    fall short of by more than one page."""
    import pdfplumber  # a heavy import, needed by this check only

    data = pdf if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes()
    margins = margins or Margins.default()
    reader = pypdf.PdfReader(io.BytesIO(data))
    problems: list[Problem] = _fonts(reader)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        pages = [_read_page(reader, i, plumbed, margins) for i, plumbed in enumerate(doc.pages)]
    dests = _note_destinations(reader, [page.height for page in pages])
    for page in pages:
        _layout(page, dests)
    _find_foot_notes(pages)
    for page in pages:
        problems += _blank(page)
        problems += _overlaps(page)
        problems += _outside(page)
        problems += _low_resolution(page)
        if page.number > 1:
            problems += _headings_at_end(page)
    problems += _notes(pages, dests)
    problems += _widows_orphans(pages)
    if reference_pages is not None and abs(len(pages) - reference_pages) > 1:
        problems.append(_problem(
            "page-count",
            f"the edition has {len(pages)} pages and the source edition {reference_pages}: "
            "look for text that runs long or was lost in translation"))
    order = {ERROR: 0, WARNING: 1}
    problems.sort(key=lambda p: (p.page is not None, p.page or 0, order.get(p.severity, 2)))
    return problems


# -- reading a page ---------------------------------------------------------------------------

def _read_page(reader: pypdf.PdfReader, index: int, plumbed: Any, margins: Margins) -> _Page:
    raw = reader.pages[index]
    height = float(plumbed.height)
    tx0, ty0, tx1, ty1 = (float(v) for v in raw.trimbox)   # falls back to the crop and media box
    trim = (tx0, height - ty1, tx1, height - ty0)
    content = (trim[0] + margins.left, trim[1] + margins.top,
               trim[2] - margins.right, trim[3] - margins.bottom)
    words: list[_Word] = []
    for w in plumbed.extract_words(extra_attrs=["fontname", "size"], return_chars=True,
                                   keep_blank_chars=False, use_text_flow=True):
        c = w["chars"][0]
        # pdfplumber's `bottom` is the em box's; the baseline is where the
        # text matrix puts the glyph origin, the same offset away.
        baseline = float(c["bottom"]) - (float(c["matrix"][5]) - float(c["y0"]))
        words.append(_Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]),
                           float(w["bottom"]), baseline, float(w["size"]),
                           _SUBSET.sub("", str(w["fontname"])), bool(w["upright"])))
    graphics = []
    for obj in list(plumbed.rects) + list(plumbed.lines) + list(plumbed.curves) + list(plumbed.images):
        graphics.append((float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"])))
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
        links.append((name, (min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1))))
    blank = bool(raw.get("/BriefBlank", False))
    return _Page(index + 1, height, trim, content, words, graphics, list(plumbed.images), links, blank)


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
class _Dest:
    name: str
    page: int             # 1-based
    left: float | None
    top: float | None     # from the top of the page


def _note_destinations(reader: pypdf.PdfReader, heights: Sequence[float]) -> dict[str, _Dest]:
    """The named destinations ``note-…``: where each note's text is.
    (`heights`: of the pages, to turn PDF y into pdfplumber's `top`.)"""
    out: dict[str, _Dest] = {}
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
        height = heights[number]
        top = dest.get("/Top")
        left = dest.get("/Left")
        out[name] = _Dest(name, number + 1,
                          float(left) if isinstance(left, (int, float)) else None,
                          height - float(top) if isinstance(top, (int, float)) else None)
    return out


# -- fonts --------------------------------------------------------------------------------------

def _fonts(reader: pypdf.PdfReader) -> list[Problem]:
    """Fonts without their program in the file: the printer's RIP would set
    the text in whatever it has under that name."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for number, page in enumerate(reader.pages, start=1):
        for font in _page_fonts(page):
            name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
            if font.get("/Subtype") == "/Type3" or name in reported or _embedded(font):
                continue
            reported.add(name)
            kind = str(font.get("/Subtype", "")).lstrip("/")
            problems.append(_problem(
                "font-not-embedded",
                f"font {_SUBSET.sub('', name)} ({kind}) is not embedded: the printer would set "
                "that text in a font of its own; embed the font in the PDF", number))
    return problems


def _page_fonts(page: Any) -> Iterator[DictionaryObject]:
    """Every font of a page's resources, those of its forms and patterns included."""
    seen: set[int] = set()

    def walk(resources: Any) -> Iterator[DictionaryObject]:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else None
        if isinstance(fonts, DictionaryObject):
            for ref in fonts.values():
                font = ref.get_object()
                if isinstance(font, DictionaryObject):
                    yield font
        for key in ("/XObject", "/Pattern"):
            group = resources.get(key)
            group = group.get_object() if group is not None else None
            if isinstance(group, DictionaryObject):
                for ref in group.values():
                    obj = ref.get_object()
                    if isinstance(obj, DictionaryObject) and "/Resources" in obj:
                        yield from walk(obj["/Resources"])

    yield from walk(page.get("/Resources"))


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        descendants = descendants.get_object() if descendants is not None else None
        if not descendants:
            return False
        return all(_embedded(d.get_object()) for d in descendants)
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    if not isinstance(descriptor, DictionaryObject):
        return False
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


# -- the layout of a page ----------------------------------------------------------------------

def _layout(page: _Page, dests: dict[str, _Dest]) -> None:
    """Find the superscripts, the columns, the lines and the reading order."""
    body = [w for w in page.words if w.upright and not page.in_margin_band(w)]
    _mark_superscripts(body)
    page.boundaries = _column_boundaries(body, page.content)
    page.lines = _lines(body, page.boundaries)
    note_links = [rect for name, rect in page.links if name.startswith("note-") and name in dests]
    page.calls = [w for w in body if w.sup and w.mark and not _under_link(w, note_links)]


def _mark_superscripts(words: list[_Word]) -> None:
    """A word is a superscript when a word at least a fifth larger stands
    right beside it on a baseline below its own."""
    by_baseline = sorted(words, key=lambda w: w.baseline)
    baselines = [w.baseline for w in by_baseline]
    for w in words:
        lo = bisect.bisect_left(baselines, w.baseline + 0.1 * w.size)
        hi = bisect.bisect_right(baselines, w.baseline + 1.2 * w.size)
        for v in by_baseline[lo:hi]:
            if v.size < 1.2 * w.size or v.baseline - w.baseline < 0.15 * v.size:
                continue
            reach = 0.6 * v.size
            if -1.0 <= w.x0 - v.x1 <= reach or -1.0 <= v.x0 - w.x1 <= reach:
                w.sup = True
                break


def _under_link(w: _Word, rects: Iterable[tuple[float, float, float, float]]) -> bool:
    for x0, top, x1, bottom in rects:
        if min(w.x1, x1) - max(w.x0, x0) > -0.5 and top - 3 <= w.bottom and bottom + 3 >= w.top:
            return True
    return False


def _column_boundaries(words: list[_Word], content: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """The boundaries between columns (the middle of each gap between them),
    each with the width of the gap.

    A gap between columns is a vertical strip, at least about an em wide,
    with text on both sides and no text in it but what spans the columns.
    Rows of words that run across most of the type area without a gap
    wider than a stretched word space are that spanning text (a lead, a
    caption, a page-foot note) and are left out before looking for the
    strips. (Rows alone would not find the columns: their baselines do not
    line up once paragraphs are spaced.)"""
    plain = [w for w in words if not w.sup]
    if not plain:
        return []
    size = statistics.median(w.size for w in plain)
    width = content[2] - content[0]
    rows: list[list[_Word]] = []
    for w in sorted(plain, key=lambda w: (w.baseline, w.x0)):
        if rows and abs(w.baseline - rows[-1][0].baseline) <= 1.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    kept: list[_Word] = []
    spanning: list[_Word] = []          # the first word of each spanning run so far
    for row in rows:
        row.sort(key=lambda w: w.x0)
        runs: list[list[_Word]] = [[row[0]]]
        for w in row[1:]:
            if w.x0 - runs[-1][-1].x1 <= 1.8 * size:
                runs[-1].append(w)
            else:
                runs.append([w])
        for run in runs:
            head = run[0]
            # Wide, or the short last line of a wide paragraph just above.
            if run[-1].x1 - head.x0 > 0.65 * width or any(
                    abs(s.x0 - head.x0) <= 1.0 and abs(s.size - head.size) <= SIZE_TOLERANCE
                    and 0 < head.baseline - s.baseline <= 2.2 * head.size for s in spanning[-3:]):
                spanning.append(head)
            else:
                kept += run
    x_min, step = content[0] - 20, 0.5
    bins = int((content[2] + 20 - x_min) / step) + 2
    delta = [0] * (bins + 1)
    for w in kept:
        a, b = max(0, int((w.x0 - x_min) / step) + 1), min(bins, int((w.x1 - x_min) / step))
        if a < b:
            delta[a] += 1
            delta[b] -= 1
    cover, running = [], 0
    for d in delta[:bins]:
        running += d
        cover.append(running)
    limit = 0.08 * len(rows)              # a figure's labels, the odd stray word
    lo = int((content[0] + 0.15 * width - x_min) / step)
    hi = int((content[2] - 0.1 * width - x_min) / step)
    found: list[tuple[float, float]] = []
    b = lo
    while b < hi:
        if cover[b] > limit:
            b += 1
            continue
        e = b
        while e + 1 < len(cover) and cover[e + 1] <= limit:
            e += 1
        while b > 0 and cover[b - 1] <= limit:
            b -= 1
        left, right = x_min + b * step, x_min + (e + 1) * step
        gap = right - left
        if gap >= max(4.0, 0.8 * size):
            # Text on the left; on the right, lines that start at one x (a column's edge).
            before = sum(1 for w in kept if left - 60 <= w.x1 <= left + step)
            edge = Counter(round(w.x0 * 2) / 2 for w in kept if right - step <= w.x0 <= right + 40)
            if before >= 4 and edge and edge.most_common(1)[0][1] >= 4:
                found.append(((left + right) / 2, gap))
        b = e + 1
    # Columns are wide: of two strips closer than that, the wider is the gap
    # (the other is, say, the indent after the numbers of a list).
    out: list[tuple[float, float]] = []
    for middle, gap in sorted(found, key=lambda f: -f[1]):
        if all(abs(middle - m) >= 0.15 * width for m, _ in out):
            out.append((middle, gap))
    return sorted(out)


def _lines(words: list[_Word], boundaries: list[tuple[float, float]]) -> list[_Line]:
    """Words grouped by baseline, each group split into its columns, unless
    a word of it crosses a column edge or the words either side of an edge
    are no further apart than words are (then the line spans the columns).
    Superscripts go with the line of the word they stand beside."""
    edges = [e for e, _ in boundaries]
    plain = sorted((w for w in words if not w.sup), key=lambda w: (w.baseline, w.x0))
    rows: list[list[_Word]] = []
    for w in plain:
        if rows and abs(w.baseline - rows[-1][0].baseline) <= 1.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    rows = _merge_markers(rows)
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        if not edges:
            lines.append(_Line(row, 0))
            continue
        spans = False
        for e, gap in boundaries:
            left = [w for w in row if w.x1 <= e]
            right = [w for w in row if w.x0 >= e]
            if len(left) + len(right) < len(row):
                spans = True           # a word crosses the edge
            elif left and right and right[0].x0 - left[-1].x1 < 0.5 * gap:
                spans = True           # a word space, not the gap between columns
        if spans:
            lines.append(_Line(row, None))
            continue
        columns: dict[int, list[_Word]] = defaultdict(list)
        for w in row:
            columns[bisect.bisect_right(edges, w.x0)].append(w)
        for index, ws in sorted(columns.items()):
            lines.append(_Line(ws, index))
    for s in (w for w in words if w.sup):
        best = min(lines, key=lambda ln: _distance(ln, s), default=None)
        if best is not None and _distance(best, s) < 2 * s.size:
            best.sups.append(s)
    lines.sort(key=lambda ln: (ln.baseline, ln.x0))
    return lines


def _merge_markers(rows: list[list[_Word]]) -> list[list[_Word]]:
    """A list item's number, set in another size, sits on a baseline of its
    own a point or two off its first line's: put it in that line."""
    out: list[list[_Word]] = []
    for i, row in enumerate(rows):
        if len(row) <= 2:
            right = max(w.x1 for w in row)
            options = [r for r in (out[-1] if out else None, rows[i + 1] if i + 1 < len(rows) else None)
                       if r is not None and any(w.x0 >= right - 0.5 for w in r)
                       and abs(r[0].baseline - row[0].baseline)
                       < 0.35 * max(w.size for w in r + row)]
            if options:
                min(options, key=lambda r: abs(r[0].baseline - row[0].baseline)).extend(row)
                continue
        out.append(row)
    return out


def _distance(line: _Line, w: _Word) -> float:
    """How far a superscript is from a line it may belong to (inf: not above its baseline)."""
    if not 0 < line.baseline - w.baseline <= line.size:
        return float("inf")
    return max(0.0, line.x0 - w.x1, w.x0 - line.x1)


# -- page-foot notes -----------------------------------------------------------------------------

def _find_foot_notes(pages: list[_Page]) -> None:
    """The notes set at the foot of each page, and the reading order of the rest.

    WeasyPrint sets the ``float: footnote`` area at the bottom of the type
    area, across the columns: a run of lines in one size, the lowest on the
    page, starting at the left edge; each note begins with its mark. A
    number counts as a mark only when the same number is called as a
    superscript somewhere (a line of a note may well start with a year)."""
    called = {w.mark for page in pages for w in page.calls}
    for page in pages:
        page.foot, page.foot_marks = _foot_of(page, called)
        if page.foot:
            foot = set(map(id, page.foot))
            page.lines = [ln for ln in page.lines if id(ln) not in foot]
            top = min(ln.top for ln in page.foot)
            page.calls = [w for w in page.calls if w.bottom < top]
        page.items = _reading_order(page)


def _foot_of(page: _Page, called: set[str | None]) -> tuple[list[_Line], list[tuple[str, _Line]]]:
    rows = sorted(page.lines, key=lambda ln: ln.baseline)
    if not rows or page.number == 1:
        return [], []
    left = page.content[0]
    block: list[_Line] = []
    size = rows[-1].size
    last_baseline: float | None = None
    # Lines on one baseline in two columns are column text, not notes.
    per_baseline = Counter(round(ln.baseline) for ln in rows)
    for ln in reversed(rows):
        if abs(ln.size - size) > SIZE_TOLERANCE or ln.x0 < left - 2 or ln.x0 > left + 3 * size:
            break
        if per_baseline[round(ln.baseline)] > 1 or ln.column not in (None, 0):
            break
        if last_baseline is not None and last_baseline - ln.baseline > 2.5 * size:
            break
        block.append(ln)
        last_baseline = ln.baseline
    block.reverse()
    marks: list[tuple[str, _Line]] = []
    for ln in block:
        first = ln.words[0]
        mark = first.mark
        if mark and abs(first.x0 - block[0].words[0].x0) < 1.0 and (not mark.isdigit() or mark in called):
            marks.append((mark, ln))
    if not marks:
        return [], []
    start = block.index(marks[0][1])
    return block[start:], marks


def _reading_order(page: _Page) -> list[_Item]:
    """The page's text as spanning runs and columns of bands, top to bottom.

    A band of columns ends where a line or a drawing (a figure, the rules of
    a pull quote, a tinted box) crosses a column edge."""
    if not page.lines:
        return []
    cuts: list[float] = []
    for g in page.graphics:
        gx0, gtop, gx1, gbottom = g
        if gbottom < page.content[1] or gtop > page.content[3]:
            continue
        if any(gx0 < e - 2 < e + 2 < gx1 for e, _ in page.boundaries):
            cuts += [gtop, gbottom]
    for ln in page.lines:
        if ln.column is None and page.boundaries:
            cuts += [ln.top, ln.bottom]
    # Space across all the columns, taller than a couple of lines, ends a
    # band too (the top margin of a chapter that starts on the page).
    in_columns = sorted((ln for ln in page.lines if ln.column is not None or not page.boundaries),
                        key=lambda ln: ln.top)
    if in_columns:
        sizes = sorted(ln.size for ln in in_columns)
        space = 2.5 * sizes[len(sizes) // 2]
        reach = in_columns[0].bottom
        for ln in in_columns[1:]:
            if ln.top - reach > space:
                cuts.append((ln.top + reach) / 2)
            reach = max(reach, ln.bottom)
    cuts.sort()
    items: list[_Item] = []
    bands: dict[int, dict[int, list[_Line]]] = defaultdict(lambda: defaultdict(list))
    order: list[tuple[float, str, Any]] = []
    for ln in page.lines:
        if ln.column is None and page.boundaries:
            order.append((ln.top, "span", ln))
            continue
        middle = (ln.top + ln.bottom) / 2
        band = bisect.bisect_left(cuts, middle)
        if band not in bands:
            order.append((ln.top, "band", band))
        bands[band][ln.column or 0].append(ln)
    graphic_cuts = sorted(g[1] for g in page.graphics
                          if any(g[0] < e - 2 < e + 2 < g[2] for e, _ in page.boundaries))
    for _, kind, what in sorted(order, key=lambda t: t[0]):
        if kind == "span":
            if items and items[-1].band is None:
                items[-1].lines.append(what)
            else:
                items.append(_Item([what], None, None))
        elif page.boundaries and set(bands[what]) == {0}:
            # Text in the first column only, between things that span: a short
            # heading or the last line of a tinted box, not a band of columns.
            lines = sorted(bands[what][0], key=lambda ln: ln.baseline)
            if items and items[-1].band is None:
                items[-1].lines.extend(lines)
            else:
                items.append(_Item(lines, None, None))
        else:
            columns = bands[what]
            first_top = min(ln.top for col in columns.values() for ln in col)
            cut_above = any(page.content[1] - 1 <= c < first_top for c in graphic_cuts)
            for index in sorted(columns):
                items.append(_Item(columns[index], what, index, cut_above))
    return items


# -- the checks of a page -----------------------------------------------------------------------

def _blank(page: _Page) -> list[Problem]:
    """A page with nothing on it but its running head and folio, unless it
    is one of the blanks added to pad the print edition (``/BriefBlank``)."""
    if page.intended_blank:
        return []
    x0, top, x1, bottom = page.content
    text = [w for w in page.words if not page.in_margin_band(w)]
    drawn = [g for g in page.graphics if g[0] < x1 and g[2] > x0 and g[1] < bottom and g[3] > top]
    if text or drawn or page.images:
        return []
    return [_problem("blank-page", "the page is empty: remove what breaks the page before it "
                                   "(an empty block with a page break), or mark it as an intended blank",
                     page.number)]


def _overlaps(page: _Page) -> list[Problem]:
    """Word boxes that intersect by more than the tolerance both ways."""
    words = sorted(page.words, key=lambda w: w.x0)
    pairs: list[tuple[_Word, _Word]] = []
    active: list[_Word] = []
    for w in words:
        active = [a for a in active if a.x1 - w.x0 > OVERLAP_TOLERANCE]
        for a in active:
            dy = min(a.bottom, w.bottom) - max(a.top, w.top)
            if dy > OVERLAP_TOLERANCE:
                pairs.append((a, w))
        active.append(w)
    if not pairs:
        return []
    a, b = min(pairs, key=lambda p: (p[0].top, p[0].x0))
    more = f" (and {_count(len(pairs) - 1, 'other place')})" if len(pairs) > 1 else ""
    return [_problem("overlap", f"text overlaps text: “{a.text}” and “{b.text}”{more}; "
                                "look for absolutely positioned or negative-margin elements",
                     page.number)]


def _outside(page: _Page) -> list[Problem]:
    """Text outside the type area. The running heads may stand in the top
    margin band and the folio in the bottom one (at least `TRIM_TOLERANCE`
    inside the trim); the cover (page 1), designed to the edge, only has to
    keep its text `SAFE_ZONE` inside the trim."""
    tx0, ttop, tx1, tbottom = page.trim
    safe = (tx0 + SAFE_ZONE, ttop + SAFE_ZONE, tx1 - SAFE_ZONE, tbottom - SAFE_ZONE)
    trimmed = (tx0 + TRIM_TOLERANCE, ttop + TRIM_TOLERANCE, tx1 - TRIM_TOLERANCE, tbottom - TRIM_TOLERANCE)
    bad: list[tuple[_Word, str, float, str]] = []
    for w in page.words:
        # Large display type may hang its side bearing into the margin (optical alignment).
        tol = OVERLAP_TOLERANCE + 0.04 * w.size
        if page.number == 1:
            area = "the cover's safe zone, 10 mm inside the trim"
            side, by = _beyond(w, safe, tol)
        elif page.in_head_band(w) or (page.in_foot_band(w) and _FOLIO.match(w.text)):
            area = "the page, less 3 mm for the trimming"
            side, by = _beyond(w, trimmed, tol)
        else:
            area = "the type area"
            side, by = _beyond(w, page.content, tol)
        if side:
            bad.append((w, side, by, area))
    problems = []
    for side in ("top", "right", "bottom", "left"):
        here = [(w, by, area) for w, s, by, area in bad if s == side]
        if not here:
            continue
        w, by, area = max(here, key=lambda t: t[1])
        more = f" (and {_count(len(here) - 1, 'other word')})" if len(here) > 1 else ""
        problems.append(_problem(
            "outside-safe-area",
            f"text “{w.text}”{more} runs {by / MM:.1f} mm beyond the {side} edge of {area}: "
            "it may be cut off, or print too close to the edge; bring it inside the margins",
            page.number))
    return problems


def _beyond(w: _Word, box: tuple[float, float, float, float], tol: float) -> tuple[str, float]:
    x0, top, x1, bottom = box
    overs = {"left": x0 - w.x0, "right": w.x1 - x1, "top": top - w.top, "bottom": w.bottom - bottom}
    side, by = max(overs.items(), key=lambda kv: kv[1])
    return (side, by) if by > tol else ("", 0.0)


def _low_resolution(page: _Page) -> list[Problem]:
    """Raster images below `MIN_PPI` at the size they are printed at."""
    problems = []
    for image in page.images:
        width_in = (float(image["x1"]) - float(image["x0"])) / 72
        height_in = (float(image["bottom"]) - float(image["top"])) / 72
        src = image.get("srcsize") or (0, 0)
        if width_in * 72 < 2 or height_in * 72 < 2 or not src[0] or not src[1]:
            continue
        ppi = min(float(src[0]) / width_in, float(src[1]) / height_in)
        if ppi >= MIN_PPI - 0.5:
            continue
        need = (round(width_in * MIN_PPI), round(height_in * MIN_PPI))
        problems.append(_problem(
            "low-resolution",
            f"an image of {src[0]}×{src[1]} px printed {width_in * 25.4:.0f}×{height_in * 25.4:.0f} mm "
            f"is {ppi:.0f} ppi: print needs {MIN_PPI}; use one of at least {need[0]}×{need[1]} px, "
            "or SVG", page.number))
    return problems


def _headings_at_end(page: _Page) -> list[Problem]:
    """A heading with nothing of its text under it: the last line of a
    column that the next column of its band continues, or a heading with
    no text below it (in its column, or anywhere for one that spans) before
    the page ends."""
    problems = []
    for i, item in enumerate(page.items):
        lines = sorted(item.lines, key=lambda ln: ln.baseline)
        trailing: list[_Line] = []
        for ln in reversed(lines):
            if not ln.heading:
                break
            trailing.append(ln)
        if not trailing:
            continue
        after = page.items[i + 1] if i + 1 < len(page.items) else None
        if (item.band is not None and after is not None and after.band == item.band
                and after.column == (item.column or 0) + 1):
            where = "column"
        else:
            left, right = (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)) \
                if item.band is not None else (page.content[0], page.content[2])
            below = [ln for ln in page.lines if ln.top > trailing[0].bottom and not ln.heading
                     and ln.x0 < right and ln.x1 > left]
            if below:
                continue
            where = "page"
        heading = " ".join(ln.text for ln in reversed(trailing))
        problems.append(_problem(
            "heading-at-end",
            f"the heading “{_short(heading)}” is the last line of its {where}: its text starts on "
            f"the next {where}; keep them together (break-after: avoid, or shorten the text above)",
            page.number))
    return problems


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# -- notes --------------------------------------------------------------------------------------

def _notes(pages: list[_Page], dests: dict[str, _Dest]) -> list[Problem]:
    """Note calls against notes, both ways.

    Endnotes: a call is a link to the named destination ``note-…`` that the
    note carries. WeasyPrint drops a link whose target is missing, so a call
    whose note is gone shows as a superscript mark with no link; a note
    that no link points to was never called. Page-foot notes: every mark
    called on a page must have its note at the foot of that page, and every
    note at the foot of a page its call on it."""
    problems: list[Problem] = []
    linked = {name for page in pages for name, _ in page.links}
    for page in pages:
        for name, _ in page.links:
            if name.startswith("note-") and name not in dests:
                problems.append(_problem(
                    "note-without-text",
                    f"a note call links to {name}, which is not in the document: the note's text is "
                    "missing; define the note, or remove the call", page.number))
    foot_tops: dict[int, float] = {p.number: min(ln.top for ln in p.foot) for p in pages if p.foot}
    for name, dest in sorted(dests.items(), key=lambda kv: (kv[1].page, kv[1].top or 0)):
        if name in linked:
            continue
        foot = foot_tops.get(dest.page)
        if foot is not None and (dest.top is None or dest.top >= foot - 4):
            continue      # a page-foot note: checked below, by its mark
        page = pages[dest.page - 1]
        problems.append(_problem(
            "note-not-called",
            f"the note {name.removeprefix('note-')} (“{_short(_text_at(page, dest), 40)}”) is never "
            "called: no note call links to it; call it in the text, or remove it", dest.page))
    # Page-foot notes: pair each call with the first free note of its mark,
    # on its page or (WeasyPrint defers a note that does not fit) later.
    notes = [(p.number, mark) for p in pages for mark, _ in p.foot_marks]
    used = [False] * len(notes)
    for page in pages:
        for call in sorted(page.calls, key=lambda w: (w.top, w.x0)):
            mark = call.mark
            same = next((i for i, (n, m) in enumerate(notes)
                         if not used[i] and m == mark and n == page.number), None)
            if same is not None:
                used[same] = True
                continue
            later = next((i for i, (n, m) in enumerate(notes)
                          if not used[i] and m == mark and n > page.number), None)
            if later is not None:
                used[later] = True
                problems.append(_problem(
                    "note-without-text",
                    f"the note {mark} is called on this page but printed at the foot of page "
                    f"{notes[later][0]}: a note belongs on the page of its call; make room for it "
                    "(a shorter note, or a page-foot area without a border)", page.number))
            else:
                problems.append(_problem(
                    "note-without-text",
                    f"the note call {mark} has no note: neither at the foot of the page nor among "
                    "the notes; define the note, or remove the call", page.number))
    for i, (number, mark) in enumerate(notes):
        if not used[i]:
            problems.append(_problem(
                "note-not-called",
                f"the note {mark} at the foot of the page is not called on the page; call it in "
                "the text, or remove it", number))
    return problems


def _text_at(page: _Page, dest: _Dest) -> str:
    """The first words at a destination: how a reader finds the note."""
    if dest.top is None:
        return ""
    lines = [ln for ln in page.lines + page.foot
             if ln.bottom >= dest.top - 1 and (dest.left is None or ln.x1 > dest.left)]
    if not lines:
        return ""
    first = min(lines, key=lambda ln: (ln.baseline, abs(ln.x0 - (dest.left or ln.x0))))
    return first.text


# -- widows and orphans --------------------------------------------------------------------------

def _widows_orphans(pages: list[_Page]) -> list[Problem]:
    """A paragraph's last line alone at the top of a column (a widow) or its
    first line alone at the foot of one (an orphan).

    Paragraph boundaries come from the geometry of justified text: every
    line of a paragraph but the last runs to the column's right edge, and a
    paragraph starts after a line that stops short, after extra space, or
    after a line in another size (a heading). A column runs on into the
    next when its last line reaches the edge: into the next column of its
    band, or into the first column of the next page when nothing spans the
    columns in between. Text whose lines do not mostly reach an edge
    (ragged: notes, captions) is not judged."""
    problems: list[Problem] = []
    flow = [(page, item) for page in pages[1:] for item in page.items]
    edges = {page.number: _right_edges(page) for page in pages}
    for k in range(len(flow) - 1):
        (page_a, a), (page_b, b) = flow[k], flow[k + 1]
        if not _continues(page_a, a, page_b, b):
            continue
        lines_a = sorted(a.lines, key=lambda ln: ln.baseline)
        last = lines_a[-1]
        first = min(b.lines, key=lambda ln: ln.baseline)
        if last.heading or first.heading or abs(first.size - last.size) > SIZE_TOLERANCE:
            continue
        if _reach(edges, page_a, a, last) != "full":
            continue                    # the column does not end inside a paragraph
        where = "page" if page_b is not page_a else "column"
        reach = _reach(edges, page_b, b, first)
        if reach == "short":
            problems.append(_problem(
                "widow-orphan",
                f"the last line of a paragraph (“{_short(first.text, 40)}”) stands alone at the top "
                f"of a {where}; make the text a line longer or shorter", page_b.number))
        elif reach == "full" and _starts_paragraph(lines_a, edges, flow, k):
            problems.append(_problem(
                "widow-orphan",
                f"the first line of a paragraph (“{_short(last.text, 40)}”) stands alone at the foot "
                f"of a {where}; make the text above a line longer or shorter", page_a.number))
    return problems


def _continues(page_a: _Page, a: _Item, page_b: _Page, b: _Item) -> bool:
    """Whether the text of column `a` may run on into column `b`."""
    if a.band is None or b.band is None:
        return False
    if page_a is page_b:
        return a.band == b.band and b.column == (a.column or 0) + 1
    if page_b.number != page_a.number + 1 or b.cut_above:
        return False
    return page_a.items[-1] is a and page_b.items[0] is b


_Edges = dict[tuple[int | None, float], float]


def _right_edges(page: _Page) -> _Edges:
    """The right edge of the justified text of each column and size on a
    page: the x that its lines end at. Text of which fewer than three lines
    (or two in five) reach one x is ragged, and has none."""
    groups: dict[tuple[int | None, float], list[float]] = defaultdict(list)
    for item in page.items:
        if item.band is not None:
            for ln in item.lines:
                if not ln.heading:
                    groups[(item.column, ln.size)].append(ln.x1)
    edges: _Edges = {}
    for key, ends in groups.items():
        right = max(ends)
        full = sum(1 for x in ends if x >= right - 1.0)
        if full >= 3 and full >= 0.4 * len(ends):
            edges[key] = right
    return edges


def _reach(edges: dict[int, _Edges], page: _Page, item: _Item, line: _Line) -> str | None:
    """"full" for a line that runs to its column's edge, "short" for one that
    stops clearly before it, None when the text is ragged or it is too close to tell."""
    right = edges[page.number].get((item.column, line.size))
    if right is None:
        return None
    if line.x1 >= right - 1.0:
        return "full"
    return "short" if line.x1 < right - 2.0 else None


def _starts_paragraph(lines: list[_Line], edges: dict[int, _Edges],
                      flow: list[tuple[_Page, _Item]], k: int) -> bool:
    """Whether the last of the `lines` of column ``flow[k]`` begins its paragraph."""
    page, item = flow[k]
    line = lines[-1]
    if len(lines) == 1:
        # The column's only line: it begins a paragraph unless the column before runs into it.
        if k == 0 or not _continues(*flow[k - 1], page, item):
            return True
        page_p, p = flow[k - 1]
        before = max(p.lines, key=lambda ln: ln.baseline)
        return abs(before.size - line.size) > SIZE_TOLERANCE or _reach(edges, page_p, p, before) != "full"
    above = lines[-2]
    if above.heading or abs(above.size - line.size) > SIZE_TOLERANCE:
        return True
    if _reach(edges, page, item, above) == "short":
        return True
    gaps = [y.baseline - x.baseline for x, y in zip(lines, lines[1:], strict=False)
            if abs(x.size - line.size) <= SIZE_TOLERANCE and abs(y.size - line.size) <= SIZE_TOLERANCE]
    leading = statistics.median(gaps) if gaps else 1.2 * line.size
    return line.baseline - above.baseline > leading + 1.5


# -- build-time checks --------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _font_coverage(fonts_dir: str, stamp: tuple[tuple[str, float], ...]) -> tuple[frozenset[int], tuple[str, ...]]:
    """The code points of all the fonts of a folder, and their family names.
    (`stamp` — names and mtimes — makes a changed folder a new cache entry.)"""
    from fontTools.ttLib import TTFont
    points: set[int] = set()
    families: dict[str, None] = {}
    for name, _ in stamp:
        path = Path(fonts_dir) / name
        with TTFont(path, lazy=True, fontNumber=0) as font:
            points.update(font.getBestCmap() or {})
            family = font["name"].getBestFamilyName() if "name" in font else None
            if family:
                families[str(family)] = None
    return frozenset(points), tuple(families)


_FONT_TYPES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
_SKIPPED_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}
#: Roles of the units that brief.css prints in capitals (text-transform: uppercase):
#: the series line, the title (in the running head) and pull quotes.
_CAPITALS = ("series line", "title", "pull quote")


def check_glyphs(brief: Brief, styles: Path | None = None) -> list[Problem]:
    """Every character of the edition's text against the design's fonts.

    The text is taken as it will be printed: each unit rendered with the
    edition's typography (curly quotes, French spaces), markup removed.
    The stylesheet names no generic fallback, so a character missing from
    every font in styles/fonts would be set in whatever font the system
    finds, or as a box."""
    from .pdf import styles_dir
    from .render import Inline

    fonts_dir = styles_dir(styles) / "fonts"
    files = sorted(p for p in fonts_dir.iterdir() if p.suffix.lower() in _FONT_TYPES) \
        if fonts_dir.is_dir() else []
    stamp = tuple((p.name, p.stat().st_mtime) for p in files)
    points, families = _font_coverage(str(fonts_dir), stamp)
    names = ", ".join(families) or "none"
    # Every call as a link with its mark: the notes' own text is a unit of its own.
    inline = Inline(lang=brief.lang, marks=brief.marks(), notes=brief.notes, footnotes=set(),
                    references=brief.references)
    problems: list[Problem] = []
    seen: set[tuple[str, str | None, int | None]] = set()
    default_file = str(brief.path) if brief.path else None

    def texts() -> Iterator[tuple[str, str, Any]]:
        for unit in brief.units():
            if unit.role.startswith("figure alt text"):
                continue                # not printed: it goes to screen readers, in any font
            rendered = html.unescape(re.sub(r"<[^>]+>", "", str(inline(unit.text))))
            if unit.role.startswith(_CAPITALS):
                rendered += rendered.upper()
            yield rendered, unit.role, unit.loc
        for key in ("authors", "publisher", "responsible_editor", "legal_deposit"):
            value = getattr(brief, key)
            if value:
                text = " ".join(value) if isinstance(value, list) else str(value)
                yield text, key.replace("_", " "), brief.meta_loc.get(key)

    for text, role, loc in texts():
        for char in dict.fromkeys(text):
            if ord(char) in points or unicodedata.category(char) in _SKIPPED_CATEGORIES \
                    or char.isspace() or 0xFE00 <= ord(char) <= 0xFE0F:
                continue
            file = loc.file if loc else default_file
            line = loc.line if loc else None
            if (char, file, line) in seen:
                continue
            seen.add((char, file, line))
            name = unicodedata.name(char, "unnamed character")
            problems.append(_problem(
                "missing-glyph",
                f"U+{ord(char):04X} {name} “{char}” ({role}, {brief.lang} edition) is in none of the "
                f"fonts ({names}): replace it, or add a font that has it to {fonts_dir}",
                file=file, line=line))
    return problems


def check_figures(brief: Brief) -> list[Problem]:
    """Figures without alt text: the PDF's readers who cannot see the image
    (screen readers, text extraction) get nothing."""
    problems = []
    for fig in brief.figures():
        if fig.alt and fig.alt.strip():
            continue
        loc = fig.loc
        problems.append(_problem(
            "missing-alt",
            f"the figure {fig.src} has no alt text: describe what it shows, as its caption or "
            "as the image's title (![caption](file \"what it shows\"))",
            file=loc.file if loc else (str(brief.path) if brief.path else None),
            line=loc.line if loc else None))
    return problems


