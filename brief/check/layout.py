"""The layout of a page, worked out from the positions of its words alone:
the superscripts (note calls), the columns, the lines, the notes set at the
foot of the page, and the reading order of the rest."""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from .reading import SIZE_TOLERANCE, Dest, Item, Line, Page, Word

__all__ = ["analyse_page", "find_foot_notes", "reading_order"]

# -- the layout of a page ----------------------------------------------------------------------

def analyse_page(page: Page, dests: dict[str, Dest], *, print_edition: bool = False) -> None:
    """Find the superscripts, the columns, the lines and the reading order.

    A `print_edition` (PDF/X) has no links: its numbered calls are taken
    for calls of the endnotes when there are endnotes (`dests`)."""
    body = [w for w in page.words if w.upright and not page.in_margin_band(w)]
    _mark_superscripts(body)
    page.boundaries = _column_boundaries(body, page.content)
    page.lines = _join_table_rows(page, _lines(body, page.boundaries))
    note_links = [rect for name, rect in page.links if name.startswith("note-") and name in dests]
    endnote_marks = print_edition and bool(dests)
    page.calls = [w for w in body if w.sup and w.mark and not _under_link(w, note_links)
                  and not (endnote_marks and w.mark.isdigit())]


def _join_table_rows(page: Page, lines: list[Line]) -> list[Line]:
    """A table set across the columns is read as the columns' lines: each
    row's cells fall on both sides of the column gap. Where thin rules across
    the gap repeat at the pitch of a row or two (a table's row borders), the
    lines between them that share a baseline are one row, across the
    columns, as a heading that spans them is."""
    if not page.boundaries:
        return lines
    left, right = page.content[0], page.content[2]
    gaps = [edge for edge, _ in page.boundaries]
    rows: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
    for g in page.graphics:
        if g[3] - g[1] < 1.5 and g[2] > g[0]:
            rows[round(g[1])].append(g)
    rules = sorted(y for y, parts in rows.items()
                   if sum(g[2] - g[0] for g in parts) > 0.5 * (right - left)
                   and min(g[0] for g in parts) < gaps[0] < max(g[2] for g in parts))
    if len(rules) < 2:
        return lines
    size = statistics.median(ln.size for ln in lines) if lines else 10.0
    tables: list[list[int]] = [[rules[0]]]
    for y in rules[1:]:
        if y - tables[-1][-1] <= 3.5 * size:
            tables[-1].append(y)
        else:
            tables.append([y])
    regions = []
    for ys in tables:
        if len(ys) < 2:
            continue
        pitch = statistics.median(b - a for a, b in zip(ys, ys[1:], strict=False))
        regions.append((ys[0] - pitch, ys[-1] + pitch))
    if not regions:
        return lines
    kept: list[Line] = []
    rows_of: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        if any(top <= ln.baseline <= bottom for top, bottom in regions):
            rows_of[round(ln.baseline)].append(ln)
        else:
            kept.append(ln)
    for parts in rows_of.values():
        words = sorted((w for ln in parts for w in ln.words), key=lambda w: w.x0)
        kept.append(Line(words, None, [w for ln in parts for w in ln.sups]))
    return sorted(kept, key=lambda ln: (ln.baseline, ln.x0))


def _mark_superscripts(words: list[Word]) -> None:
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


def _under_link(w: Word, rects: Iterable[tuple[float, float, float, float]]) -> bool:
    for x0, top, x1, bottom in rects:
        if min(w.x1, x1) - max(w.x0, x0) > -0.5 and top - 3 <= w.bottom and bottom + 3 >= w.top:
            return True
    return False


def _column_boundaries(words: list[Word], content: tuple[float, float, float, float]) -> list[tuple[float, float]]:
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
    rows: list[list[Word]] = []
    for w in sorted(plain, key=lambda w: (w.baseline, w.x0)):
        if rows and abs(w.baseline - rows[-1][0].baseline) <= 1.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    kept: list[Word] = []
    spanning: list[Word] = []          # the first word of each spanning run so far
    for row in rows:
        row.sort(key=lambda w: w.x0)
        runs: list[list[Word]] = [[row[0]]]
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


def _lines(words: list[Word], boundaries: list[tuple[float, float]]) -> list[Line]:
    """Words grouped by baseline, each group split into its columns, unless
    a word of it crosses a column edge or the words either side of an edge
    are no further apart than words are (then the line spans the columns).
    Superscripts go with the line of the word they stand beside."""
    edges = [e for e, _ in boundaries]
    plain = sorted((w for w in words if not w.sup), key=lambda w: (w.baseline, w.x0))
    rows: list[list[Word]] = []
    for w in plain:
        if rows and abs(w.baseline - rows[-1][0].baseline) <= 1.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    rows = _merge_markers(rows)
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        if not edges:
            lines.append(Line(row, 0))
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
            lines.append(Line(row, None))
            continue
        columns: dict[int, list[Word]] = defaultdict(list)
        for w in row:
            columns[bisect.bisect_right(edges, w.x0)].append(w)
        for index, ws in sorted(columns.items()):
            lines.append(Line(ws, index))
    for s in (w for w in words if w.sup):
        best = min(lines, key=lambda ln: _distance(ln, s), default=None)
        if best is not None and _distance(best, s) < 2 * s.size:
            best.sups.append(s)
    lines.sort(key=lambda ln: (ln.baseline, ln.x0))
    return lines


def _merge_markers(rows: list[list[Word]]) -> list[list[Word]]:
    """A list item's number, set in another size, sits on a baseline of its
    own a point or two off its first line's: put it in that line."""
    out: list[list[Word]] = []
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


def _distance(line: Line, w: Word) -> float:
    """How far a superscript is from a line it may belong to (inf: not above its baseline)."""
    if not 0 < line.baseline - w.baseline <= line.size:
        return float("inf")
    return max(0.0, line.x0 - w.x1, w.x0 - line.x1)


# -- page-foot notes -----------------------------------------------------------------------------

def find_foot_notes(pages: list[Page]) -> None:
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
        page.items = reading_order(page)


def _foot_of(page: Page, called: set[str | None]) -> tuple[list[Line], list[tuple[str, Line]]]:
    rows = sorted(page.lines, key=lambda ln: ln.baseline)
    if not rows or page.number == 1:
        return [], []
    left = page.content[0]
    block: list[Line] = []
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
    marks: list[tuple[str, Line]] = []
    for ln in block:
        first = ln.words[0]
        mark = first.mark
        if mark and abs(first.x0 - block[0].words[0].x0) < 1.0 and (not mark.isdigit() or mark in called):
            marks.append((mark, ln))
    if not marks:
        return [], []
    start = block.index(marks[0][1])
    return block[start:], marks


def reading_order(page: Page) -> list[Item]:
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
    items: list[Item] = []
    bands: dict[int, dict[int, list[Line]]] = defaultdict(lambda: defaultdict(list))
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
                items.append(Item([what], None, None))
        elif page.boundaries and set(bands[what]) == {0}:
            # Text in the first column only, between things that span: a short
            # heading or the last line of a tinted box, not a band of columns.
            lines = sorted(bands[what][0], key=lambda ln: ln.baseline)
            if items and items[-1].band is None:
                items[-1].lines.extend(lines)
            else:
                items.append(Item(lines, None, None))
        else:
            columns = bands[what]
            first_top = min(ln.top for col in columns.values() for ln in col)
            cut_above = any(page.content[1] - 1 <= c < first_top for c in graphic_cuts)
            for index in sorted(columns):
                items.append(Item(columns[index], what, index, cut_above))
    return items
