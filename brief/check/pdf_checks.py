"""`check_pdf`, the preflight of a finished PDF, and its checks of the whole
file: fonts not embedded, note calls against notes, widows and orphans.
(The checks of one page are in `page_checks`.)"""

from __future__ import annotations

import io
import statistics
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
from pypdf.generic import DictionaryObject

from .layout import analyse_page, find_foot_notes
from .margins import Margins
from .page_checks import (
    blank_page,
    damaged_images,
    headings_at_end,
    low_resolution,
    near_empty,
    outside_type_area,
    overlaps,
    shorten,
)
from .problems import ERROR, WARNING, Problem, problem
from .reading import SIZE_TOLERANCE, SUBSET, Dest, Glyphs, Item, Line, Page, note_destinations, read_page
from .rendering import damaged_streams

__all__ = ["check_pdf", "page_count"]


def check_pdf(pdf: str | Path | bytes, *, margins: Margins | None = None,
              reference_pages: int | None = None, file: str | None = None,
              min_fill: float | None = None) -> list[Problem]:
    """Preflight a finished PDF: errors that must not go to press, and
    warnings that a person should look at (see the module's docstring).

    `margins` defaults to those of brief.css; `reference_pages` is the page
    count of the source edition, which a translation should not exceed or
    fall short of by more than one page. `file` names the PDF in each
    problem (``file, page 3``). `min_fill` (`NEAR_EMPTY` for a brief)
    warns about pages with less than that share of their type area filled:
    a judgement of a brief's layout, asked for by the build and ``brief
    check``, not of any PDF (a short letter's one page is no fault)."""
    data = bytes(pdf) if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes()
    margins = margins or Margins.default()
    reader = pypdf.PdfReader(io.BytesIO(data))
    document = pdfium.PdfDocument(data)
    try:
        glyphs = Glyphs()
        pages = [read_page(reader, document, i, margins, glyphs) for i in range(len(document))]
    finally:
        document.close()
    # pdfium notes a font without its program as it reads the text; only
    # then are the fonts named, page by page, from the file's resources.
    problems: list[Problem] = _fonts(reader) if glyphs.unembedded else []
    problems += [problem("damaged-stream", f"{what}: the PDF is damaged; build it again", number)
                 for number, what in damaged_streams(reader)]
    dests = note_destinations(reader, [page.top_y for page in pages])
    # A PDF/X file has no annotations, so no links from the calls to the
    # endnotes: those are paired in the screen edition, which has them.
    print_edition = any(intent.get_object().get("/S") == "/GTS_PDFX"  # type: ignore[attr-defined]
                        for intent in reader.root_object.get("/OutputIntents", []))
    for page in pages:
        analyse_page(page, dests, print_edition=print_edition)
    find_foot_notes(pages)
    for page in pages:
        problems += damaged_images(page)
        problems += blank_page(page)
        if min_fill is not None:
            problems += near_empty(page, min_fill)
        problems += overlaps(page)
        problems += outside_type_area(page)
        problems += low_resolution(page)
        if page.number > 1:
            problems += headings_at_end(page)
    problems += _notes(pages, {} if print_edition else dests)
    problems += _widows_orphans(pages)
    if reference_pages is not None:
        problems += page_count(len(pages), reference_pages)
    order = {ERROR: 0, WARNING: 1}
    problems.sort(key=lambda p: (p.page is not None, p.page or 0, order.get(p.severity, 2)))
    if file is not None:
        for p in problems:
            p.file = p.file or file
    return problems


def page_count(pages: int, reference_pages: int) -> list[Problem]:
    """A translation more than a page longer or shorter than its source
    edition (`reference_pages`): text that runs long, or was lost."""
    if abs(pages - reference_pages) <= 1:
        return []
    return [problem("page-count", f"the edition has {pages} pages and the source edition {reference_pages}: "
                                  "look for text that runs long or was lost in translation")]


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
            problems.append(problem(
                "font-not-embedded",
                f"font {SUBSET.sub('', name)} ({kind}) is not embedded: the printer would set "
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


# -- notes --------------------------------------------------------------------------------------

def _notes(pages: list[Page], dests: dict[str, Dest]) -> list[Problem]:
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
                problems.append(problem(
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
        problems.append(problem(
            "note-not-called",
            f"the note {name.removeprefix('note-')} (“{shorten(_text_at(page, dest), 40)}”) is never "
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
                problems.append(problem(
                    "note-without-text",
                    f"the note {mark} is called on this page but printed at the foot of page "
                    f"{notes[later][0]}: a note belongs on the page of its call; make room for it "
                    "(a shorter note, or a page-foot area without a border)", page.number))
            else:
                problems.append(problem(
                    "note-without-text",
                    f"the note call {mark} has no note: neither at the foot of the page nor among "
                    "the notes; define the note, or remove the call", page.number))
    for i, (number, mark) in enumerate(notes):
        if not used[i]:
            problems.append(problem(
                "note-not-called",
                f"the note {mark} at the foot of the page is not called on the page; call it in "
                "the text, or remove it", number))
    return problems


def _text_at(page: Page, dest: Dest) -> str:
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

def _widows_orphans(pages: list[Page]) -> list[Problem]:
    """A paragraph's last line alone at the top of a column (a widow) or its
    first line alone at the foot of one (an orphan).

    Paragraph boundaries come from the geometry of justified text: every
    line of a paragraph but the last runs to the column's right edge, and a
    paragraph starts after a line that stops short, after extra space, or
    after a line in another size (a heading). A column runs on into the
    next when its last line reaches the edge: into the next column of its
    band, or into the first column of the next page when nothing spans the
    columns in between. Text whose lines do not mostly reach an edge
    (ragged: notes, captions) is not judged. (The rows of a table that
    spans the columns are read as spanning lines: `layout.analyse_page`.)"""
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
            problems.append(problem(
                "widow-orphan",
                f"the last line of a paragraph (“{shorten(first.text, 40)}”) stands alone at the top "
                f"of a {where}; make the text a line longer or shorter", page_b.number))
        elif reach == "full" and _starts_paragraph(lines_a, edges, flow, k):
            problems.append(problem(
                "widow-orphan",
                f"the first line of a paragraph (“{shorten(last.text, 40)}”) stands alone at the foot "
                f"of a {where}; make the text above a line longer or shorter", page_a.number))
    return problems


def _continues(page_a: Page, a: Item, page_b: Page, b: Item) -> bool:
    """Whether the text of column `a` may run on into column `b`."""
    if a.band is None or b.band is None:
        return False
    if page_a is page_b:
        return a.band == b.band and b.column == (a.column or 0) + 1
    if page_b.number != page_a.number + 1 or b.cut_above:
        return False
    return page_a.items[-1] is a and page_b.items[0] is b


_Edges = dict[tuple[int | None, float], float]


def _right_edges(page: Page) -> _Edges:
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


def _reach(edges: dict[int, _Edges], page: Page, item: Item, line: Line) -> str | None:
    """"full" for a line that runs to its column's edge, "short" for one that
    stops clearly before it, None when the text is ragged or it is too close to tell."""
    right = edges[page.number].get((item.column, line.size))
    if right is None:
        return None
    if line.x1 >= right - 1.0:
        return "full"
    return "short" if line.x1 < right - 2.0 else None


def _starts_paragraph(lines: list[Line], edges: dict[int, _Edges],
                      flow: list[tuple[Page, Item]], k: int) -> bool:
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
