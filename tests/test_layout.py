"""The geometry of the sample's pages, in every edition (French runs longer).

Words are read with pdfplumber; a word's box is the em box of its glyphs
(the advance width across, the font's descent to one em above it, up and
down). The page margins come from ``@page`` in styles/brief.css, so that the
test follows the design: only the running head may stand in the top margin
and only the folio in the bottom margin.

Against the margins, a word is measured across by its box (what the layout
engine places) and up and down by its ink (helpers.ink_box): Charis's em
box reaches 1 pt below its 12.9 pt line box, so a last line that fits the
page exactly would otherwise seem to cross the bottom margin.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from helpers import MM, headings, ink_box, page_margins, plain, rule_margin, squeeze

from brief import i18n, model

TOLERANCE = 0.5  # pt
LANGS = ["nl", "fr", "en"]
A4 = (210 * MM, 297 * MM)
#: The markers of brief.css's lists: "■" and "–" for bullets, "1." for numbers.
LIST_MARKERS = {"■", "–"}


def _words(path: Path) -> list[tuple[float, float, list[dict]]]:
    """(width, height, words) of each page; each word with its "ink" box."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for p in pdf.pages:
            words = p.extract_words(return_chars=True)
            for w in words:
                w["ink"] = ink_box(w, float(p.height))
            pages.append((float(p.width), float(p.height), words))
    return pages


@pytest.fixture(scope="module")
def words(sample_pdfs: dict[str, Path]) -> dict[str, list[tuple[float, float, list[dict]]]]:
    return {lang: _words(path) for lang, path in sample_pdfs.items()}


def _bands(width: float, height: float) -> dict[str, float]:
    top, right, bottom, left = page_margins()
    return {"top": top, "bottom": height - bottom, "left": left, "right": width - right}


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _em(word: dict) -> Box:
    return word["x0"], word["top"], word["x1"], word["bottom"]


def _text(word: dict) -> Box:
    """Across: the word's box; up and down: its ink."""
    ink = word["ink"] or _em(word)
    return word["x0"], ink[1], word["x1"], ink[3]


def _where(word: dict, box: Box | None = None) -> str:
    x0, top, x1, bottom = box or _em(word)
    return f"{word['text']!r} at x {x0:.1f}–{x1:.1f}, y {top:.1f}–{bottom:.1f}"


def _in_top_band(word: dict, band: dict[str, float]) -> bool:
    return word["bottom"] <= band["top"] + TOLERANCE


def _in_bottom_band(word: dict, band: dict[str, float]) -> bool:
    return word["top"] >= band["bottom"] - TOLERANCE


def _is_list_marker(word: dict) -> bool:
    """A bullet or an item number ("3."). A word of the text that looks like
    one is still checked, by the list-marker test."""
    return word["text"] in LIST_MARKERS or bool(re.fullmatch(r"\d+\.", word["text"]))


def test_margins_are_read_from_the_stylesheet() -> None:
    """The design this file checks against: A4, 24 mm top, 18 mm sides, 22 mm
    bottom. (If the designers change it, the other tests follow.)"""
    top, right, bottom, left = page_margins()
    assert (round(top / MM, 3), round(right / MM, 3), round(bottom / MM, 3), round(left / MM, 3)) \
        == (24, 18, 22, 18)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_are_a4(words, lang: str) -> None:
    for width, height, _ in words[lang]:
        assert width == pytest.approx(A4[0], abs=0.5) and height == pytest.approx(A4[1], abs=0.5)


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_overlaps_another(words, lang: str) -> None:
    """Text set over text (a note over the body, a column over a pull quote)
    shows as two word boxes that intersect by more than 0.5 pt both ways."""
    overlaps = []
    for number, (_, _, page) in enumerate(words[lang], start=1):
        ordered = sorted(page, key=lambda w: w["top"])
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if b["top"] >= a["bottom"] - TOLERANCE:
                    break
                dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if dx > TOLERANCE and dy > TOLERANCE:
                    overlaps.append(f"page {number}: {_where(a)} and {_where(b)}")
    assert overlaps == [], "\n".join(overlaps)


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_outside_the_page(words, lang: str) -> None:
    outside = [f"page {number}: {_where(w)}"
               for number, (width, height, page) in enumerate(words[lang], start=1) for w in page
               if w["x0"] < -TOLERANCE or w["top"] < -TOLERANCE
               or w["x1"] > width + TOLERANCE or w["bottom"] > height + TOLERANCE]
    assert outside == [], "\n".join(outside)


@pytest.mark.parametrize("lang", LANGS)
def test_margin_bands_hold_only_running_head_and_folio(words, sample_editions, lang: str) -> None:
    """On every page after the cover, the top margin holds the running head
    (the title on the left, a chapter title on the right) and the bottom
    margin only the folio, the page number, on the outer side of the page.
    The one exception, a back page holding only the colophon, has neither
    (brief/colophon.py)."""
    edition: model.Brief = sample_editions[lang]
    title = squeeze(plain(edition.title).upper())          # text-transform: uppercase
    chapters = {squeeze(h.title) for h in headings(edition) if h.level == 1}
    chapters.add(squeeze(i18n.template_translations(lang).gettext("Notes")))
    licence = squeeze(i18n.template_translations(lang).gettext(
        "You may copy and share this text, in whole or in part, provided that you name the source."))
    problems = []
    for number, (width, height, page) in enumerate(words[lang], start=1):
        if number == 1:
            continue
        band = _bands(width, height)
        top = [w for w in page if _in_top_band(w, band)]
        bottom = [w for w in page if _in_bottom_band(w, band)]
        if number == len(words[lang]) and not top and not bottom \
                and licence in squeeze(" ".join(w["text"] for w in page)):
            continue
        left = squeeze(" ".join(w["text"] for w in top if w["x1"] < width / 2))
        right = squeeze(" ".join(w["text"] for w in top if w["x0"] > width / 2))
        if left != title:
            problems.append(f"page {number}: running head {left!r} is not the title {title!r}")
        if right not in chapters:
            problems.append(f"page {number}: running head {right!r} is not a chapter title")
        if [w["text"] for w in bottom] != [str(number)]:
            problems.append(f"page {number}: bottom margin holds {[w['text'] for w in bottom]}")
        elif number % 2 == 0 and bottom[0]["x1"] > width / 2:
            problems.append(f"page {number}: left-hand folio on the right")
        elif number % 2 == 1 and bottom[0]["x0"] < width / 2:
            problems.append(f"page {number}: right-hand folio on the left")
    assert problems == [], "\n".join(problems)


def _body_words(words, lang: str):
    """(page number, page band, word) for every word after the cover that is
    not the running head or the folio."""
    for number, (width, height, page) in enumerate(words[lang], start=1):
        if number == 1:
            continue
        band = _bands(width, height)
        for w in page:
            if not (_in_top_band(w, band) or _in_bottom_band(w, band)):
                yield number, band, w


def _outside(box: Box, band: dict[str, float], allow: Box = (0, 0, 0, 0)) -> bool:
    """Whether `box` crosses the margins; `allow` = (top, right, bottom, left) extra room."""
    x0, y0, x1, y1 = box
    top, right, bottom, left = allow
    return (x0 < band["left"] - left - TOLERANCE or x1 > band["right"] + right + TOLERANCE
            or y0 < band["top"] - top - TOLERANCE or y1 > band["bottom"] + bottom + TOLERANCE)


@pytest.mark.parametrize("lang", LANGS)
def test_text_stays_inside_the_margins(words, sample_editions, lang: str) -> None:
    """Body text, notes, captions and headings lie inside the page margins.

    The chapter numbers are set with a negative margin in brief.css (optical
    alignment of a 58 pt numeral); they may stand out by that much and no
    more. List markers have a test of their own."""
    top, right, bottom, left = rule_margin(".chapter-number")
    allow = (max(0.0, -top), 0.0, 0.0, max(0.0, -left))
    numbers = {h.number for h in headings(sample_editions[lang]) if h.level == 1 and h.number}
    problems = []
    for number, band, w in _body_words(words, lang):
        if _is_list_marker(w):
            continue
        chapter_number = w["text"] in numbers and w["bottom"] - w["top"] > 30
        if _outside(_text(w), band, allow if chapter_number else (0, 0, 0, 0)):
            problems.append(f"page {number}: {_where(w, _text(w))}")
    assert problems == [], "words outside the margins:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_list_markers_stay_inside_the_margins(words, lang: str) -> None:
    """The bullets and numbers of lists do not hang into the page margin.
    A marker stands outside its item by design (list-style-position: outside),
    its box may reach into the padding; what must stay inside is its ink."""
    problems = [f"page {number}: {_where(w, w['ink'])}" for number, band, w in _body_words(words, lang)
                if _is_list_marker(w) and w["ink"] and _outside(w["ink"], band)]
    assert problems == [], f"{len(problems)} list markers in the margin:\n" + "\n".join(problems)
