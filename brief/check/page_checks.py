"""The checks of one page, read back and laid out: an empty page, text over
text, text outside the type area, a low-resolution image, a heading left at
the end of a column or page."""

from __future__ import annotations

from ..measure import MM
from .problems import Problem, plural, problem
from .reading import FOLIO, OVERLAP_TOLERANCE, Line, Page, Word

__all__ = ["blank_page", "overlaps", "outside_type_area", "low_resolution", "headings_at_end", "shorten",
           "damaged_images", "near_empty", "SAFE_ZONE", "TRIM_TOLERANCE", "MIN_PPI", "NEAR_EMPTY"]

#: How far inside the trim the cover's text must stay.
SAFE_ZONE = 10 * MM
#: How far the guillotine may miss the trim: running heads and folios stay this far inside.
TRIM_TOLERANCE = 3 * MM
#: Print resolution: an image below this at its printed size looks soft.
MIN_PPI = 300
#: A page with less of its type area inked than this (a share, 0–1) is near-empty.
NEAR_EMPTY = 0.15


# -- the checks of a page -----------------------------------------------------------------------

def blank_page(page: Page) -> list[Problem]:
    """A page with nothing on it but its running head and folio, unless it
    is one of the blanks added to pad the print edition (``/BriefBlank``)."""
    if page.intended_blank:
        return []
    x0, top, x1, bottom = page.content
    text = [w for w in page.words if not page.in_margin_band(w)]
    drawn = [g for g in page.graphics if g[0] < x1 and g[2] > x0 and g[1] < bottom and g[3] > top]
    if text or drawn or page.images:
        return []
    return [problem("blank-page", "the page is empty: remove what breaks the page before it "
                                   "(an empty block with a page break), or mark it as an intended blank",
                     page.number)]


def near_empty(page: Page, min_fill: float = NEAR_EMPTY) -> list[Problem]:
    """A page that holds little: a few lines, a colophon alone. Not the
    cover, nor a page laid out on a named page of its own design (the back
    cover), nor an intended blank; an empty page is `blank_page`'s."""
    if page.number == 1 or page.intended_blank or page.named or page.fill >= min_fill or not page.fill:
        return []
    return [problem("near-empty-page",
                    f"the page is only {page.fill:.0%} filled (less than {min_fill:.0%} of its type area): "
                    "pull what is on it back onto the page before (shorten the text, or let the block "
                    "break), or give the page more to hold", page.number)]


def damaged_images(page: Page) -> list[Problem]:
    """Images that pdfium cannot decode: a viewer or a printer shows them
    broken, or not at all."""
    return [problem("damaged-stream",
                    f"an image of {image.width}×{image.height} px cannot be decoded: {image.error}; "
                    "export the image again and rebuild", page.number)
            for image in page.images if image.error]


def overlaps(page: Page) -> list[Problem]:
    """Word boxes that intersect by more than the tolerance both ways."""
    # Swept from the top down: only the words of a line or two are open at once.
    words = sorted(page.words, key=lambda w: w.top)
    pairs: list[tuple[Word, Word]] = []
    active: list[Word] = []
    for w in words:
        active = [a for a in active if a.bottom - w.top > OVERLAP_TOLERANCE]
        for a in active:
            left, right = (a, w) if a.x0 <= w.x0 else (w, a)
            if left.x1 - right.x0 > OVERLAP_TOLERANCE \
                    and min(a.bottom, w.bottom) - w.top > OVERLAP_TOLERANCE:
                pairs.append((left, right))
        active.append(w)
    if not pairs:
        return []
    a, b = min(pairs, key=lambda p: (p[0].top, p[0].x0))
    more = f" (and {plural(len(pairs) - 1, 'other place')})" if len(pairs) > 1 else ""
    return [problem("overlap", f"text overlaps text: “{a.text}” and “{b.text}”{more}; "
                                "look for absolutely positioned or negative-margin elements",
                     page.number)]


def outside_type_area(page: Page) -> list[Problem]:
    """Text outside the type area. The running heads may stand in the top
    margin band and the folio in the bottom one (at least `TRIM_TOLERANCE`
    inside the trim); the cover (page 1), designed to the edge, only has to
    keep its text `SAFE_ZONE` inside the trim."""
    tx0, ttop, tx1, tbottom = page.trim
    safe = (tx0 + SAFE_ZONE, ttop + SAFE_ZONE, tx1 - SAFE_ZONE, tbottom - SAFE_ZONE)
    trimmed = (tx0 + TRIM_TOLERANCE, ttop + TRIM_TOLERANCE, tx1 - TRIM_TOLERANCE, tbottom - TRIM_TOLERANCE)
    bad: list[tuple[Word, str, float, str]] = []
    for w in page.words:
        # Large display type may hang its side bearing into the margin (optical alignment).
        tol = OVERLAP_TOLERANCE + 0.04 * w.size
        if page.number == 1:
            area = "the cover's safe zone, 10 mm inside the trim"
            side, by = _beyond(w, safe, tol)
        elif page.in_head_band(w) or (page.in_foot_band(w) and FOLIO.match(w.text)):
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
        more = f" (and {plural(len(here) - 1, 'other word')})" if len(here) > 1 else ""
        problems.append(problem(
            "outside-safe-area",
            f"text “{w.text}”{more} runs {by / MM:.1f} mm beyond the {side} edge of {area}: "
            "it may be cut off, or print too close to the edge; bring it inside the margins",
            page.number))
    return problems


def _beyond(w: Word, box: tuple[float, float, float, float], tol: float) -> tuple[str, float]:
    x0, top, x1, bottom = box
    overs = {"left": x0 - w.x0, "right": w.x1 - x1, "top": top - w.top, "bottom": w.bottom - bottom}
    side, by = max(overs.items(), key=lambda kv: kv[1])
    return (side, by) if by > tol else ("", 0.0)


def low_resolution(page: Page) -> list[Problem]:
    """Raster images below `MIN_PPI` at the size they are printed at."""
    problems = []
    for image in page.images:
        width_in = (image.x1 - image.x0) / 72
        height_in = (image.bottom - image.top) / 72
        src = (image.width, image.height)
        if width_in * 72 < 2 or height_in * 72 < 2 or not src[0] or not src[1]:
            continue
        ppi = min(float(src[0]) / width_in, float(src[1]) / height_in)
        if ppi >= MIN_PPI - 0.5:
            continue
        need = (round(width_in * MIN_PPI), round(height_in * MIN_PPI))
        problems.append(problem(
            "low-resolution",
            f"an image of {src[0]}×{src[1]} px printed {width_in * 25.4:.0f}×{height_in * 25.4:.0f} mm "
            f"is {ppi:.0f} ppi: print needs {MIN_PPI}; use one of at least {need[0]}×{need[1]} px, "
            "or SVG", page.number))
    return problems


def headings_at_end(page: Page) -> list[Problem]:
    """A heading with nothing of its text under it: the last line of a
    column that the next column of its band continues, or a heading with
    no text below it (in its column, or anywhere for one that spans) before
    the page ends."""
    problems = []
    for i, item in enumerate(page.items):
        lines = sorted(item.lines, key=lambda ln: ln.baseline)
        trailing: list[Line] = []
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
        problems.append(problem(
            "heading-at-end",
            f"the heading “{shorten(heading)}” is the last line of its {where}: its text starts on "
            f"the next {where}; keep them together (break-after: avoid, or shorten the text above)",
            page.number))
    return problems


def shorten(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
