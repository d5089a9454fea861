"""Where the colophon goes: at the foot of the last page of text; on a back
page of its own, without running heads, only when that page has no room;
on the cover when the brief has no body. No edition ends on a page that
holds the colophon alone under the running head of the last chapter."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pdfplumber
import pytest
from helpers import squeeze

import brief
from brief import Options, build, colophon, i18n
from brief.check.margins import Margins
from brief.variants import VARIANTS

FRONT = ("---\ntitle: Lines\nlang: en\npublisher: Example Policy Institute\n"
         "authors: [Jane Example]\ndate: 2026-03-02\nlegal_deposit: D/2026/0000/1\n---\n\n")
LICENCE = "You may copy and share this text, in whole or in part, provided that you name the source."
#: How far above the bottom margin the colophon's last glyphs may stop: the
#: space under the last line's glyphs in its line box, with room to spare.
FOOT = 6.0


def lines(n: int) -> str:
    """A brief of `n` one-line paragraphs in a single column."""
    return FRONT + "# Lines {.unnumbered}\n\n" + "\n\n".join(f"Line {k}." for k in range(1, n + 1)) + "\n"


def words(pdf: Path, last: bool = False) -> list[tuple[float, float, list[dict]]]:
    """(width, height, words) of each page, or of the `last` page only."""
    with pdfplumber.open(pdf) as doc:
        pages = doc.pages[-1:] if last else doc.pages
        return [(float(p.width), float(p.height), p.extract_words()) for p in pages]


def bands(height: float, page: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(top margin, type area, bottom margin) words of a page."""
    m = Margins.default()
    top = [w for w in page if w["bottom"] <= m.top]
    foot = [w for w in page if w["top"] >= height - m.bottom]
    return top, [w for w in page if w not in top and w not in foot], foot


def colophon_words(area: list[dict], lang: str = "en") -> list[dict]:
    """The words of the colophon: from its first word (the label of its first
    row, or the licence) down."""
    gettext = i18n.template_translations(lang).gettext
    firsts = {gettext("Publisher"), gettext(LICENCE).split()[0]}
    start = next((w for w in area if w["text"] in firsts), None)
    assert start is not None, "no colophon on the page"
    return [w for w in area if w["top"] >= start["top"] - 1]


def at_foot(height: float, area: list[dict]) -> None:
    bottom = max(w["bottom"] for w in area)
    limit = height - Margins.default().bottom
    assert limit - FOOT <= bottom <= limit + 1, f"the colophon ends at {bottom:.1f} pt, the type area at {limit:.1f}"


def test_colophon_at_the_foot_of_the_last_page_of_text(tmp_path) -> None:
    pdf = brief.loads(lines(3), tmp_path / "short.md").write_pdf(tmp_path / "short.pdf", check=False)
    pages = words(pdf)
    assert len(pages) == 2, "a cover and one page of text with the colophon"
    width, height, page = pages[-1]
    top, area, foot = bands(height, page)
    assert top and foot, "a page of text keeps its running heads and folio"
    block = colophon_words(area)
    at_foot(height, block)
    text_end = max(w["bottom"] for w in area if w not in block)
    assert min(w["top"] for w in block) - text_end > 200, "moved down, away from the text"


def test_colophon_without_room_gets_a_back_page_without_running_heads(tmp_path) -> None:
    """The number of lines that fills the first page of text is read from a
    layout; with that many, the colophon has no room on it."""
    probe = brief.loads(lines(150), tmp_path / "probe.md")
    document = build.pages(probe, VARIANTS["screen"], Options())
    placed = {}
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            found = re.match(r"Line\s(\d+)\.", element.text or "") if element is not None and element.tag == "p" \
                else None     # typography binds the number to its word with a no-break space
            if found:
                placed.setdefault(int(found.group(1)), (index, box.position_y))
    full = max(k for k, (index, _) in placed.items() if index == 1)
    pitch = placed[2][1] - placed[1][1]
    found = colophon.find(document)
    assert found is not None
    room = math.ceil(found[1].margin_height() / pitch) + 1

    pdf = brief.loads(lines(full), tmp_path / "full.md").write_pdf(tmp_path / "full.pdf", check=False)
    pages = words(pdf)
    assert len(pages) == 3
    assert f"Line {full}." in " ".join(w["text"] for w in pages[1][2]).replace("\u00a0", " ")
    width, height, back = pages[2]
    top, area, foot = bands(height, back)
    assert top == [] and foot == [], "the back page has no running head and no folio"
    assert area == colophon_words(area), "the back page holds the colophon only"
    at_foot(height, area)

    pdf = brief.loads(lines(full - room), tmp_path / "room.md").write_pdf(tmp_path / "room.pdf", check=False)
    pages = words(pdf)
    assert len(pages) == 2, f"with {room} lines fewer, the colophon fits on the page of text"
    at_foot(pages[-1][1], colophon_words(bands(pages[-1][1], pages[-1][2])[1]))


@pytest.mark.parametrize("front", ["", "publisher: Example Policy Institute\nauthors: [Jane Example]\n"
                                       "responsible_editor: Jane Example, 1 Example Street, Brussels\n"])
def test_a_brief_without_a_body_is_its_cover(tmp_path, front: str) -> None:
    """Not a second page holding the licence alone: the colophon goes on the
    cover page."""
    source = f"---\ntitle: Only a title\nlang: en\n{front}---\n"
    pdf = brief.loads(source, tmp_path / "cover.md").write_pdf(tmp_path / "cover.pdf", check=False)
    pages = words(pdf)
    assert len(pages) == 1
    text = squeeze(" ".join(w["text"] for w in pages[0][2]))
    assert squeeze("Only a title") in text and squeeze(LICENCE) in text


@pytest.mark.parametrize("variant", ["screen", "archive"])
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_sample_edition_ends_with_the_colophon_at_the_foot(sample_outputs, lang, variant) -> None:
    """On the last page of text, or alone on a back page without running
    heads. (The press edition's back cover: test_variants.py.)"""
    width, height, page = words(sample_outputs[(lang, variant)], last=True)[0]
    top, area, foot = bands(height, page)
    block = colophon_words(area, lang)
    assert squeeze(i18n.template_translations(lang).gettext(LICENCE)) in squeeze(
        " ".join(w["text"] for w in block))
    at_foot(height, block)
    if block == area:
        assert top == [] and foot == [], "the colophon alone on a page, under a running head"
    else:
        assert top and foot, "the last page of text keeps its running heads"
