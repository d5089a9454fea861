"""The Dutch edition of the sample brief, read back from its PDF.

Every expectation comes from the source: the model that `brief.load` builds
from briefs/energiearmoede.md (chapter titles, notes, pull quotes, front
matter). Text is read with pypdf; superscript note calls, which only their
size tells apart, with pdfplumber.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import (
    first_words,
    headings,
    link_annotations,
    normalize,
    numbered_notes,
    page_texts,
    plain,
    printed_note_calls,
    squeeze,
    strip_margins,
    symbol_notes,
)
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from brief import i18n, model


@pytest.fixture(scope="module")
def reader(sample_nl: Path) -> PdfReader:
    return PdfReader(sample_nl)


@pytest.fixture(scope="module")
def pages(sample_nl: Path) -> list[str]:
    """The extracted text of each page."""
    return page_texts(sample_nl)


@pytest.fixture(scope="module")
def body_pages(pages: list[str]) -> list[str]:
    """Each page's text without its running head and folio (the cover has none)."""
    return [normalize(pages[0])] + [normalize(strip_margins(t, i + 1)[0])
                                    for i, t in enumerate(pages) if i > 0]


@pytest.fixture(scope="module")
def body(body_pages: list[str]) -> str:
    """The whole body text, page after page (a pilcrow between pages, so that
    the last number of a page never seems to number the next page's heading)."""
    return " ¶ ".join(body_pages)


@pytest.fixture(scope="module")
def notes_title() -> str:
    """The heading of the endnotes in Dutch, from the templates' catalog."""
    return i18n.template_translations("nl").gettext("Notes")


def test_sample_build_is_clean(sample_build, sample_brief: model.Brief) -> None:
    """Every edition of the sample is built in every variant, and the
    preflight finds no error in any of them."""
    assert set(sample_build) == {(lang, v) for lang in sample_brief.languages
                                 for v in ("screen", "press", "archive")}
    errors = [f"{out.path.name}: {p}" for out in sample_build.values() for p in out.problems
              if p.severity == "error"]
    assert errors == [], "\n".join(errors)


def test_page_count(reader: PdfReader, sample_build) -> None:
    """A policy brief is 6 to 16 pages; the build reports the count it wrote."""
    assert 6 <= len(reader.pages) <= 16
    assert len(reader.pages) == sample_build[("nl", "screen")].pages


def test_page_size_is_a4(reader: PdfReader) -> None:
    """brief.css asks for A4 (210 × 297 mm)."""
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(210 / 25.4 * 72, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 / 25.4 * 72, abs=0.5)


def test_cover_shows_the_front_matter(sample_brief: model.Brief, pages: list[str]) -> None:
    """The cover carries the series, title, subtitle, authors and publisher."""
    cover = squeeze(pages[0])
    assert squeeze(plain(sample_brief.series).upper()) in cover  # text-transform: uppercase
    for text in (sample_brief.title, sample_brief.subtitle, sample_brief.publisher,
                 *sample_brief.authors):
        assert squeeze(plain(text)) in cover, text


def test_running_heads_and_folios(sample_brief: model.Brief, pages: list[str]) -> None:
    """Every page after the cover ends with the running head (the title in
    capitals, then a chapter title) and the folio, its page number."""
    chapters = {squeeze(h.title) for h in headings(sample_brief) if h.level == 1}
    chapters.add(squeeze(i18n.template_translations("nl").gettext("Notes")))
    title = squeeze(plain(sample_brief.title).upper())
    for number, text in enumerate(pages[1:], start=2):
        head, folio = strip_margins(text, number)[1]
        assert folio.strip() == str(number)
        assert squeeze(head).startswith(title), (number, head)
        assert squeeze(head)[len(title):] in chapters, (number, head)


def test_chapter_titles_in_order_with_their_numbers(sample_brief: model.Brief, body: str) -> None:
    """Chapters appear in source order; a numbered chapter is preceded by its
    number (1, 2, 3 ...), an unnumbered one by no number at all."""
    chapters = [h for h in headings(sample_brief) if h.level == 1]
    assert [h.number for h in chapters][:2] == [None, "1"], "the sample opens with an unnumbered 'Context'"
    pos = 0
    for h in chapters:
        if h.number:
            m = re.compile(rf"(?<![\d.]){h.number} ?{re.escape(h.title)}").search(body, pos)
            assert m, f"chapter {h.number} “{h.title}” not found (after position {pos})"
        else:
            m = re.compile(re.escape(h.title)).search(body, pos)
            assert m, f"unnumbered chapter “{h.title}” not found"
            before = body[max(0, m.start() - 2):m.start()]
            assert not re.search(r"\d", before), f"“{h.title}” is numbered: {before!r}"
        pos = m.end()


def test_section_numbers_in_order(sample_brief: model.Brief, body: str) -> None:
    """Numbered sections are printed with their numbers (n.1, n.2 ...), in
    order."""
    sections = [h for h in headings(sample_brief) if h.level == 2 and h.number]
    assert sections, "the sample has numbered sections"
    pos = 0
    for s in sections:
        m = re.compile(rf"{re.escape(s.number)} {re.escape(s.title)}").search(body, pos)
        assert m, f"section {s.number} “{s.title}” not found after position {pos}"
        pos = m.end()


def test_endnotes_list_every_numbered_note_in_order(sample_brief: model.Brief, body: str,
                                                    notes_title: str) -> None:
    """Under the heading "Noten", the numbered notes 1..N follow each other,
    each number followed by the start of its text, N being the number of
    non-symbol notes of the source."""
    notes = numbered_notes(sample_brief)
    assert len(notes) == sum(1 for n in sample_brief.notes.values() if not n.symbol)
    last_chapter = [h for h in headings(sample_brief) if h.level == 1][-1]
    start = body.rfind(last_chapter.title)
    heading = body.find(f" {notes_title} ", start)
    assert heading > 0, f"no “{notes_title}” heading after the last chapter"
    pos = heading
    for number, note in enumerate(notes, start=1):
        expected = f"{number} {first_words(note.text)}"
        found = body.find(expected, pos)
        assert found > 0, f"note {number} [^{note.label}] not found as {expected!r}"
        pos = found + len(expected)


def test_endnote_texts_are_complete(sample_brief: model.Brief, body: str, notes_title: str) -> None:
    """Each numbered note is printed whole, not only its first words."""
    notes_part = body[body.rfind(f" {notes_title} "):]
    for note in numbered_notes(sample_brief):
        assert plain(note.text) in notes_part, f"[^{note.label}] is not printed in full"


def test_note_calls_numbered_by_first_appearance(sample_nl: Path, sample_brief: model.Brief) -> None:
    """The calls in the body read 1, 2, 3 ... N in order of first appearance,
    and there are as many numbered calls as the source has."""
    n = len(numbered_notes(sample_brief))
    calls = [c for c in printed_note_calls(sample_nl) if c.mark.isdigit()]
    source_calls = [label for label in sample_brief.calls() if not label.startswith("*")]
    assert len(calls) == len(source_calls)
    first = list(dict.fromkeys(int(c.mark) for c in calls))
    assert first == list(range(1, n + 1))


def test_note_calls_link_to_their_note(reader: PdfReader, sample_brief: model.Brief,
                                       pages: list[str]) -> None:
    """Each numbered call is a link to the named destination note-<label>,
    in reading order, and that destination is the page where the note is."""
    links = [(page, dest) for page, dest, _ in link_annotations(reader) if dest.startswith("note-")]
    source_calls = [label for label in sample_brief.calls() if not label.startswith("*")]
    assert [dest for _, dest in links] == [f"note-{label}" for label in source_calls]
    named = reader.named_destinations
    for label in dict.fromkeys(source_calls):
        dest = named[f"note-{label}"]
        page = reader.get_destination_page_number(dest)
        assert first_words(sample_brief.notes[label].text, 4) in normalize(pages[page]), label


def test_note_call_links_have_a_clickable_area(reader: PdfReader) -> None:
    """A link whose rectangle has no height cannot be clicked: every note
    call's link must cover the call (width and height above zero)."""
    rects = [(page + 1, dest, rect) for page, dest, rect in link_annotations(reader)
             if dest.startswith("note-")]
    assert rects
    flat = [(page, dest, round(abs(r[3] - r[1]), 2)) for page, dest, r in rects
            if abs(r[2] - r[0]) <= 0 or abs(r[3] - r[1]) <= 0]
    assert flat == [], f"{len(flat)} of {len(rects)} note links have no area, e.g. {flat[:3]}"


def test_symbol_notes_at_the_foot_of_the_page_of_their_call(
        sample_nl: Path, sample_brief: model.Brief, body_pages: list[str]) -> None:
    """A symbol note (label *...) is marked *, ** ... and printed at the foot
    of the page where it is called, never in the numbered endnotes."""
    symbols = symbol_notes(sample_brief)
    assert symbols and [mark for _, mark in symbols] == ["*" * i for i in range(1, len(symbols) + 1)]
    calls = printed_note_calls(sample_nl)
    for note, mark in symbols:
        call_pages = [c.page for c in calls if c.mark == mark]
        assert len(call_pages) == 1, f"call {mark} of [^{note.label}] printed {len(call_pages)} times"
        text = re.compile(rf"(?<!\*){re.escape(mark)} {re.escape(first_words(note.text))}")
        note_pages = [i for i, t in enumerate(body_pages) if text.search(t)]
        assert note_pages, f"symbol note {mark} [^{note.label}] is not printed"
        assert note_pages == call_pages, (
            f"symbol note {mark} [^{note.label}] is called on page {call_pages[0] + 1} "
            f"but printed on page {note_pages[0] + 1}")


def test_pull_quotes_printed_in_capitals(sample_brief: model.Brief, body: str) -> None:
    """Every pull quote appears, in capitals (text-transform: uppercase)."""
    quotes = [b for b in sample_brief.every_block() if isinstance(b, model.PullQuote)]
    assert quotes
    for q in quotes:
        assert plain(q.text).upper() in body, q.text


def test_lead_box_and_figure_caption_printed(sample_brief: model.Brief, body: str) -> None:
    """Leads, box titles and figure captions reach the page."""
    texts = [p.text for ch in sample_brief.chapters if ch.lead_block
             for p in ch.lead_block.blocks]
    texts += [b.title for b in sample_brief.every_block() if isinstance(b, model.Box) and b.title]
    texts += [b.caption for b in sample_brief.every_block() if isinstance(b, model.Figure)]
    assert texts
    for text in texts:
        assert plain(text) in body, text


def test_document_information(reader: PdfReader, sample_brief: model.Brief) -> None:
    """Title, authors, subject and keywords of the front matter are the
    PDF's document information."""
    info = reader.metadata
    assert info.title == plain(sample_brief.title)
    assert info.author == ", ".join(sample_brief.authors)
    assert info.subject == plain(sample_brief.subtitle)
    assert [k.strip() for k in info["/Keywords"].split(",")] == sample_brief.keywords


def test_document_language(reader: PdfReader, sample_brief: model.Brief) -> None:
    """The catalog's /Lang is the brief's language (screen readers need it)."""
    assert reader.trailer["/Root"]["/Lang"] == sample_brief.lang == "nl"


def test_xmp_metadata(reader: PdfReader, sample_brief: model.Brief) -> None:
    """An XMP packet is present, with dc:title and dc:language."""
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": plain(sample_brief.title)}
    assert xmp.dc_language == [sample_brief.lang]
    assert xmp.dc_creator == sample_brief.authors


def test_outline(reader: PdfReader, sample_brief: model.Brief, notes_title: str) -> None:
    """The bookmarks: one entry per chapter ("1. Title" when numbered), the
    sections nested under their chapter ("2.1 Title"), then the notes."""
    expected: list = []
    for h in headings(sample_brief):
        if h.level == 1:
            expected.append(f"{h.number}. {h.title}" if h.number else h.title)
        else:
            if not isinstance(expected[-1], list):
                expected.append([])
            expected[-1].append(f"{h.number} {h.title}" if h.number else h.title)
    expected.append(notes_title)

    def titles(items: list) -> list:
        return [titles(i) if isinstance(i, list) else i.title for i in items]

    assert titles(reader.outline) == expected


def test_outline_entries_point_to_their_heading(reader: PdfReader, body_pages: list[str]) -> None:
    """Each bookmark opens the page on which its heading is printed (in the
    body: the running heads repeat chapter titles on later pages)."""
    def flat(items: list) -> list:
        return [x for i in items for x in (flat(i) if isinstance(i, list) else [i])]

    for item in flat(reader.outline):
        page = reader.get_destination_page_number(item)
        title = re.sub(r"^[\d.]+\.?\s", "", item.title)
        assert squeeze(title) in squeeze(body_pages[page]), (item.title, page + 1)


def _fonts(resources, seen: set[int]):
    """Every font dictionary reachable from a resource dictionary, including
    those of form XObjects (the SVG figure) and of Type 3 glyph procedures."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        ref = font.idnum if isinstance(font, IndirectObject) else id(font)
        if ref in seen:
            continue
        seen.add(ref)
        font = font.get_object()
        yield font
        yield from _fonts(font.get("/Resources"), seen)
    for xobject in (resources.get("/XObject") or {}).values():
        ref = xobject.idnum if isinstance(xobject, IndirectObject) else id(xobject)
        if ref in seen:
            continue
        seen.add(ref)
        yield from _fonts(xobject.get_object().get("/Resources"), seen)


def _font_files(reader: PdfReader) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font of every page."""
    out = []
    seen: set[int] = set()
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), seen):
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for part in parts:
                name = str(part.get("/BaseFont", font.get("/BaseFont", "")))
                descriptor = part.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                out.append((name, embedded))
    return out


def test_every_font_is_embedded(reader: PdfReader) -> None:
    """A print shop needs every font in the file."""
    fonts = _font_files(reader)
    assert fonts
    assert [name for name, embedded in fonts if not embedded] == []


def test_only_the_project_fonts(reader: PdfReader) -> None:
    """Only Charis SIL and Inter (styles/fonts) are used; no system font
    slipped in as a fallback."""
    names = {name.split("+", 1)[-1] for name, _ in _font_files(reader)}
    assert names
    assert {n for n in names if "Charis" not in n and "Inter" not in n} == set()
