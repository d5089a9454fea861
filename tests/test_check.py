"""The preflight checks (brief.check), each shown a small document that has
the problem it is there to find, and a clean one that has none.

The PDFs are made on the spot by WeasyPrint from a few lines of HTML set in
the project's own fonts (so that every font is embedded and the layout is
the same on every machine), or with pypdf for what WeasyPrint never writes
(a font left out of the file, a link to a destination that is not there).
Page 1 of each is a cover, as in a brief; the problem is on page 2 or later,
so that the page numbers the checks give are tested too.
"""

from __future__ import annotations

import io
import json
from dataclasses import astuple
from pathlib import Path

import pypdf
import pytest
import weasyprint
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from brief import check
from brief.check import Margins, Problem, check_figures, check_glyphs, check_pdf, report
from brief.measure import MM
from brief.source import loads

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "styles"
FONTS = (STYLES / "fonts").as_uri()
SAMPLE = ROOT / "briefs" / "energiearmoede.md"
LOCALES = ROOT / "locales"

#: The test pages: A5, 20 mm above and below, 15 mm at the sides.
MARGINS = Margins.mm(20, 15, 20, 15)
CSS = f"""
@font-face {{ font-family: T; src: url({FONTS}/CharisSIL-Regular.ttf); }}
@font-face {{ font-family: S; src: url({FONTS}/Inter-Regular.otf); font-weight: 400; }}
@font-face {{ font-family: S; src: url({FONTS}/Inter-SemiBold.otf); font-weight: 600; }}
@font-face {{ font-family: S; src: url({FONTS}/Inter-Bold.otf); font-weight: 700; }}
@page {{
  size: 148mm 210mm; margin: 20mm 15mm;
  @top-left {{ content: "Running head"; font: 600 7pt S; }}
  @bottom-right {{ content: counter(page); font: 700 8pt S; }}
}}
@page :first {{ @top-left {{ content: none; }} @bottom-right {{ content: none; }} }}
html {{ font: 9pt/12pt T; }}
body {{ margin: 0; }}
p {{ margin: 0; text-align: justify; hyphens: none; orphans: 1; widows: 1; }}
h2 {{ font: 700 12pt/15pt S; margin: 8pt 0 4pt; }}
.page {{ break-before: page; }}
.forced {{ text-align-last: justify; }}
.cols {{ columns: 2; column-gap: 8mm; column-fill: auto; height: 60pt; }}
.cols h2 {{ break-after: auto; margin-bottom: 0; }}
.note-call {{ vertical-align: super; font: 600 0.62em/0 S; }}
.footnote {{ float: footnote; font: 7.5pt/10pt S; text-align: left; }}
.footnote::footnote-call {{ content: attr(data-mark); vertical-align: super; font: 600 0.62em/0 S; }}
.footnote::footnote-marker {{ content: attr(data-mark) "\\2002"; font-weight: 700; }}
.silent::footnote-call {{ content: none; }}
"""
COVER = "<p>The cover</p>"
TEXT = "The quick brown fox jumps over the lazy dog, and the dog sleeps on. " * 6
#: Lines that fit a column of the test page, to set a paragraph line by line.
SENTENCES = ["A quick brown fox jumps over it", "The lazy dog sleeps in the sun",
             "Seven owls sat quietly in a row", "Winter comes early in the hills",
             "Stars shine over the old harbour", "Old boats drift away on the tide"]


def make_pdf(body: str, css: str = "", base: Path = STYLES) -> bytes:
    html = f"<!DOCTYPE html><html lang='en'><body>{body}</body></html>"
    return weasyprint.HTML(string=html, base_url=str(base) + "/").write_pdf(
        stylesheets=[weasyprint.CSS(string=CSS + css)])


def lines(n: int) -> str:
    """A paragraph of exactly `n` lines: each line ends in a forced break and
    is justified (``.forced``), but for the last, a single word, which cannot be."""
    return "<br>".join([SENTENCES[i % len(SENTENCES)] for i in range(n - 1)] + ["end."])


def found(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.page) for p in problems]


def run(body: str, css: str = "", **options) -> list[Problem]:
    return check_pdf(make_pdf(body, css), margins=MARGINS, **options)


# -- a clean document -----------------------------------------------------------------------

CLEAN = (COVER + f"<p class='page'>{TEXT}<a class='note-call' href='#note-a'>1</a> and a term"
         f"<span class='footnote' data-mark='*'>The term, explained at the foot.</span> {TEXT}</p>"
         f"<h2>Notes</h2><ol><li id='note-a'>The endnote.</li></ol>")


def test_a_clean_document_has_no_problems() -> None:
    """Running head and folio in the margins, a page-foot note on the page of
    its call, an endnote and its call: nothing to report."""
    assert run(CLEAN) == []


# -- errors ---------------------------------------------------------------------------------

def _with_helvetica_page(pdf: bytes) -> bytes:
    """`pdf` with a page added whose text is set in Helvetica, left out of the
    file as PDF's standard fonts may be, and whose resources also name a
    Type0 (CID) font whose descendant has no font program."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    page = writer.add_blank_page()
    helvetica = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))
    descriptor = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"), NameObject("/FontName"): NameObject("/NotoSansCJK"),
        NameObject("/Flags"): FloatObject(4), NameObject("/Ascent"): FloatObject(880),
        NameObject("/Descent"): FloatObject(-120), NameObject("/CapHeight"): FloatObject(700),
        NameObject("/StemV"): FloatObject(80), NameObject("/ItalicAngle"): FloatObject(0),
        NameObject("/FontBBox"): ArrayObject([FloatObject(0), FloatObject(-120), FloatObject(1000), FloatObject(880)])}))
    descendant = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): NameObject("/NotoSansCJK"), NameObject("/FontDescriptor"): descriptor,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"), NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): FloatObject(0)})}))
    type0 = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/NotoSansCJK"), NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([descendant])}))
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({
        NameObject("/F1"): helvetica, NameObject("/F2"): type0})})
    content = StreamObject()
    content.set_data(b"BT /F1 12 Tf 100 400 Td (Set in Helvetica) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_font_that_is_not_embedded() -> None:
    pdf = _with_helvetica_page(make_pdf(COVER + f"<p class='page'>{TEXT}</p>"))
    problems = check_pdf(pdf, margins=MARGINS)
    assert found(problems) == [("font-not-embedded", 3), ("font-not-embedded", 3)]
    assert {p.severity for p in problems} == {"error"}
    messages = " ".join(p.message for p in problems)
    assert "Helvetica (Type1)" in messages and "NotoSansCJK (Type0)" in messages


def test_text_over_text() -> None:
    body = COVER + (f"<div class='page' style='position: relative'><p>{TEXT}</p>"
                    "<p style='position: absolute; top: 3pt; left: 20pt'>Words set over the text</p></div>")
    problems = run(body)
    assert found(problems) == [("overlap", 2)]


def test_text_in_the_margin() -> None:
    problems = run(COVER + f"<p class='page' style='position: relative; left: -10mm'>{TEXT}</p>")
    assert found(problems) == [("outside-safe-area", 2)]
    assert "10.0 mm beyond the left edge of the type area" in problems[0].message


def test_a_press_pdf_is_measured_from_its_trim_box() -> None:
    """With 3 mm of bleed the MediaBox is larger than the TrimBox: the margins
    are measured from the trim, so a clean page stays clean and text pushed
    10 mm into the margin is 10 mm out, not 13."""
    bleed = "@page { bleed: 3mm; marks: crop; }"
    reader = pypdf.PdfReader(io.BytesIO(make_pdf(CLEAN, bleed)))
    assert reader.pages[1].mediabox.width > reader.pages[1].trimbox.width + 16
    assert run(CLEAN, bleed) == []
    problems = run(COVER + f"<p class='page' style='position: relative; left: -10mm'>{TEXT}</p>", bleed)
    assert found(problems) == [("outside-safe-area", 2)]
    assert "10.0 mm beyond the left edge" in problems[0].message


def test_the_cover_only_keeps_a_safe_zone() -> None:
    """Page 1 is designed to the edge: text in its margins is fine as long as
    it stays 10 mm inside the trim."""
    cover = "@page :first { margin: 0; }"
    inside = "<div style='padding: 12mm'><p>Title of the brief, close to the edge</p></div>"
    assert run(inside + f"<p class='page'>{TEXT}</p>", cover) == []
    outside = "<div style='padding: 5mm'><p>Title of the brief, too close to the edge</p></div>"
    problems = run(outside + f"<p class='page'>{TEXT}</p>", cover)
    assert found(problems) == [("outside-safe-area", 1), ("outside-safe-area", 1)]
    assert {"top", "left"} == {p.message.split(" edge")[0].rsplit(" ", 1)[1] for p in problems}


BLANK = COVER + "<p class='page'>Two</p><div class='page'></div><div class='page'><p>Four</p></div>"


def test_an_empty_page() -> None:
    """A page break on an empty block leaves a page with nothing on it but
    its running head and folio."""
    assert found(run(BLANK)) == [("blank-page", 3)]


def _mark_blank(pdf: bytes, *indexes: int) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    for i in indexes:
        writer.pages[i][NameObject("/BriefBlank")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_intended_blank_is_fine() -> None:
    """The blanks that pad the print edition carry /BriefBlank; one that
    turns out to hold text is fine too."""
    pdf = _mark_blank(make_pdf(BLANK), 2, 3)
    assert check_pdf(pdf, margins=MARGINS) == []


def test_an_endnote_call_without_its_note() -> None:
    """WeasyPrint drops a link to an anchor that is not there: the call is
    left as a superscript number that links nowhere."""
    body = COVER + (f"<p class='page'>{TEXT}<a class='note-call' href='#note-x'>1</a> {TEXT}"
                    "<a class='note-call' href='#note-a'>2</a></p><ol><li id='note-a'>A note.</li></ol>")
    problems = run(body)
    assert found(problems) == [("note-without-text", 2)]
    assert "call 1 " in problems[0].message


def test_a_link_to_a_note_that_is_not_there() -> None:
    """A link annotation to a ``note-…`` destination missing from the file."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(CLEAN))))
    link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (100, 300, 104, 306)]),
        NameObject("/Dest"): TextStringObject("note-gone")})
    writer.pages[1][NameObject("/Annots")].append(writer._add_object(link))
    out = io.BytesIO()
    writer.write(out)
    problems = check_pdf(out.getvalue(), margins=MARGINS)
    assert found(problems) == [("note-without-text", 2)]
    assert "note-gone" in problems[0].message


def test_an_endnote_never_called() -> None:
    body = COVER + f"<p class='page'>{TEXT}</p><ol><li id='note-y'>A note that nothing calls.</li></ol>"
    problems = run(body)
    assert found(problems) == [("note-not-called", 2)]
    assert "note y" in problems[0].message and "A note that nothing calls" in problems[0].message


def test_a_page_foot_call_without_its_note() -> None:
    problems = run(COVER + f"<p class='page'>{TEXT}<span class='note-call'>†</span> {TEXT}</p>")
    assert found(problems) == [("note-without-text", 2)]
    assert "†" in problems[0].message


def test_a_page_foot_note_on_another_page_than_its_call() -> None:
    """The mark called on page 2, its note at the foot of page 3: reported
    once, at the call, naming the page where the note went."""
    body = COVER + (f"<p class='page'>{TEXT}<span class='note-call'>†</span> {TEXT}</p>"
                    f"<p class='page'>{TEXT}<span class='footnote silent' data-mark='†'>The note.</span></p>")
    problems = run(body)
    assert found(problems) == [("note-without-text", 2)]
    assert "at the foot of page 3" in problems[0].message


def test_a_page_foot_note_never_called() -> None:
    body = COVER + f"<p class='page'>{TEXT}<span class='footnote silent' data-mark='†'>The note.</span></p>"
    problems = run(body)
    assert found(problems) == [("note-not-called", 2)]


# -- warnings -------------------------------------------------------------------------------

def test_a_heading_at_the_foot_of_a_page() -> None:
    body = COVER + (f"<p class='page'>{TEXT}</p><h2>A heading left behind</h2>"
                    f"<p class='page'>{TEXT}</p>")
    problems = run(body)
    assert found(problems) == [("heading-at-end", 2)]
    assert problems[0].severity == "warning" and "A heading left behind" in problems[0].message


def test_a_heading_at_the_foot_of_a_column() -> None:
    """Three lines and a heading fill the first column; the heading's text
    starts the second."""
    body = COVER + (f"<div class='cols page'><p class='forced'>{lines(3)}</p><h2>Heading</h2>"
                    f"<p class='forced'>{lines(4)}</p></div>")
    problems = run(body)
    assert found(problems) == [("heading-at-end", 2)]
    assert "last line of its column" in problems[0].message


def test_an_orphan() -> None:
    """Columns of five lines: a paragraph of four, then one whose first line
    is the last of the first column."""
    body = COVER + f"<div class='cols page'><p class='forced'>{lines(4)}</p><p class='forced'>{lines(5)}</p></div>"
    problems = run(body)
    assert found(problems) == [("widow-orphan", 2)]
    assert "first line of a paragraph" in problems[0].message and SENTENCES[0] in problems[0].message


def test_the_rows_of_a_table_across_the_columns_are_no_orphans() -> None:
    """A table set across two columns of text: each row's cells stand on
    both sides of the column gap, one line each, with a rule between rows;
    they are no paragraphs running from one column into the next."""
    rows = "".join(f"<tr><td>Region {i}</td><td>{i * 1000:,} households</td>"
                   f"<td style='text-align: right'>{i * 3}.5 %</td><td style='text-align: right'>{i}.2 %</td></tr>"
                   for i in range(1, 6))
    table = ("<table style='width: 100%; border-collapse: collapse; font: 9pt/12pt T'>"
             "<thead><tr><th>Region</th><th>Households</th><th>Share</th><th>Change</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    css = "td, th { border-top: 0.3pt solid black; padding: 1mm 2mm 1mm 0; text-align: left; }"
    body = COVER + f"<div class='page'><div class='cols' style='height: auto'><p class='forced'>{lines(4)}</p></div>" \
        f"{table}<div class='cols' style='height: auto'><p class='forced'>{lines(4)}</p></div></div>"
    assert [p for p in run(body, css) if p.code == "widow-orphan"] == []


def test_a_widow() -> None:
    """A paragraph of six lines in columns of five: its last line alone at
    the top of the second."""
    body = COVER + f"<div class='cols page'><p class='forced'>{lines(6)}</p><p class='forced'>{lines(4)}</p></div>"
    problems = run(body)
    assert found(problems) == [("widow-orphan", 2)]
    assert "last line of a paragraph (“end.”)" in problems[0].message


def test_two_lines_at_either_end_of_a_column_are_fine() -> None:
    body = COVER + f"<div class='cols page'><p class='forced'>{lines(3)}</p><p class='forced'>{lines(5)}</p></div>"
    assert run(body) == []


def test_an_image_below_300_ppi(tmp_path: Path) -> None:
    """60×40 px printed 50 mm wide is 30 ppi; 600×400 px is 305 ppi; an SVG
    is drawn as paths and has no resolution."""
    from PIL import Image
    Image.new("RGB", (60, 40), "teal").save(tmp_path / "small.png")
    Image.new("RGB", (600, 400), "teal").save(tmp_path / "sharp.png")
    (tmp_path / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40">'
        '<rect width="60" height="40" fill="teal"/></svg>', encoding="utf-8")
    body = COVER + ("<p class='page'>Three pictures.</p>"
                    "<img src='sharp.png' style='width: 50mm'><img src='chart.svg' style='width: 50mm'>"
                    "<img src='small.png' style='width: 50mm'>")
    problems = check_pdf(make_pdf(body, base=tmp_path), margins=MARGINS)
    assert found(problems) == [("low-resolution", 2)]
    assert "60×40 px" in problems[0].message and "30 ppi" in problems[0].message


def test_the_page_count_against_the_source_edition() -> None:
    pdf = make_pdf(CLEAN)          # two pages
    assert check_pdf(pdf, margins=MARGINS, reference_pages=3) == []
    problems = check_pdf(pdf, margins=MARGINS, reference_pages=4)
    assert found(problems) == [("page-count", None)]
    assert problems[0].severity == "warning" and "2 pages" in problems[0].message


# -- build-time checks ----------------------------------------------------------------------

BRIEF = """\
---
title: A brief
lang: {lang}
---

# Context

A first paragraph.

A paragraph with a character neither font has: 中.

![](chart.svg)

![A chart with its caption](chart.svg)
"""


def _brief(tmp_path: Path, lang: str = "nl"):
    (tmp_path / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
                                        encoding="utf-8")
    path = tmp_path / "brief.md"
    path.write_text(BRIEF.format(lang=lang), encoding="utf-8")
    return loads(path.read_text(encoding="utf-8"), path)


def test_a_figure_without_alt_text(tmp_path: Path) -> None:
    problems = check_figures(_brief(tmp_path))
    assert [(p.code, p.severity, p.file, p.line) for p in problems] == \
        [("missing-alt", "warning", str(tmp_path / "brief.md"), 12)]
    assert str(problems[0]).startswith(f"{tmp_path / 'brief.md'}:12: warning: the figure chart.svg")


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_character_missing_from_the_fonts(tmp_path: Path, lang: str) -> None:
    problems = check_glyphs(_brief(tmp_path, lang))
    assert [(p.code, p.severity, p.file, p.line) for p in problems] == \
        [("missing-glyph", "error", str(tmp_path / "brief.md"), 10)]
    message = problems[0].message
    assert "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in message and f"{lang} edition" in message
    assert "Charis SIL" in message and "Inter" in message


def test_glyphs_are_checked_in_capitals_where_the_design_sets_capitals(tmp_path: Path) -> None:
    """With fonts that have only small letters, the title (in the running
    head) and a pull quote, both printed in capitals, lack their capitals;
    the rest of the text is fine. (Also: `styles` names another folder.)"""
    from fontTools import subset
    (tmp_path / "fonts").mkdir()
    options = subset.Options()
    font = subset.load_font(str(STYLES / "fonts" / "Inter-Regular.otf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="abcdefghijklmnopqrstuvwxyz .")
    subsetter.subset(font)
    subset.save_font(font, str(tmp_path / "fonts" / "Small.otf"), options)
    brief = loads("---\ntitle: brief\nlang: nl\n---\n\n# context\n\nsmall words.\n\n"
                  "::: pullquote\nloud words\n:::\n", tmp_path / "brief.md")
    problems = check_glyphs(brief, styles=tmp_path)
    assert {(p.line, p.message.split()[0]) for p in problems} == \
        {(2, f"U+{ord(c):04X}") for c in "BRIEF"} | {(10, f"U+{ord(c):04X}") for c in "LOUDWRS"}


def test_what_the_fonts_hold_is_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts' character maps are read once and kept in brief's cache,
    under the hash of the fonts: a kept entry serves the next process, a
    damaged one is read again, and a changed font is a new entry. A cache
    that cannot be written changes nothing but the time."""
    from brief.check import edition
    fonts = tmp_path / "styles" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "Small.otf").write_bytes((STYLES / "fonts" / "Inter-Regular.otf").read_bytes())
    monkeypatch.setenv("BRIEF_CACHE", str(tmp_path / "cache"))
    brief = loads("---\ntitle: brief\nlang: nl\n---\n\n# context\n\nwords 中.\n", tmp_path / "brief.md")

    def run() -> list[str]:
        edition._font_coverage.cache_clear()         # as in a new process
        return [p.message.split()[0] for p in check_glyphs(brief, styles=tmp_path / "styles")]

    assert run() == ["U+4E2D"]
    kept = list((tmp_path / "cache" / "coverage").iterdir())
    assert len(kept) == 1
    entry = json.loads(kept[0].read_text())
    assert entry["families"] == ["Inter"] and any(a <= 0x41 and 0x5A <= b for a, b in entry["ranges"])
    entry["ranges"] = [[0x20, 0x7E], [0x4E2D, 0x4E2D]]                 # proof that the entry is used
    kept[0].write_text(json.dumps(entry))
    assert run() == []
    kept[0].write_text("{damaged")
    assert run() == ["U+4E2D"]
    assert json.loads(kept[0].read_text())["families"] == ["Inter"]
    (fonts / "Small.otf").write_bytes((STYLES / "fonts" / "CharisSIL-Regular.ttf").read_bytes())
    assert run() == ["U+4E2D"] and len(list((tmp_path / "cache" / "coverage").iterdir())) == 2
    monkeypatch.setenv("BRIEF_CACHE", "/proc/brief-cannot-write-here")
    assert run() == ["U+4E2D"]


# -- the API --------------------------------------------------------------------------------

def test_margins_come_from_the_stylesheet(tmp_path: Path) -> None:
    """The margins are read from brief.css's plain @page rule (the design's
    24/18/22/18 mm); a stylesheet without margins falls back to those."""
    design = Margins.from_css(STYLES / "brief.css")
    assert design is not None, "brief.css's @page margins can be read"
    assert [round(v / MM, 3) for v in astuple(design)] == [24, 18, 22, 18]
    assert Margins.default() == design
    (tmp_path / "brief.css").write_text(
        "@page :left { margin: 0; } @page { size: A5; margin: 1in 2cm; margin-bottom: 36pt; }",
        encoding="utf-8")
    assert astuple(Margins.default(tmp_path)) == pytest.approx((72, 20 * MM, 36, 20 * MM))
    (tmp_path / "brief.css").write_text("@page { size: A5; }", encoding="utf-8")
    assert Margins.default(tmp_path) == Margins.mm(24, 18, 22, 18)


def test_problems_as_text_and_as_json() -> None:
    on_page = Problem("error", "overlap", "text overlaps text", page=3)
    in_file = Problem("warning", "missing-alt", "no alt text", file="a.md", line=12)
    assert str(on_page) == "page 3: error: text overlaps text  [overlap]"
    assert str(in_file) == "a.md:12: warning: no alt text  [missing-alt]"
    assert in_file.as_dict() == {"severity": "warning", "code": "missing-alt", "message": "no alt text",
                                 "page": None, "file": "a.md", "line": 12}
    assert report([on_page, in_file]).splitlines() == [str(on_page), str(in_file), "1 error, 1 warning"]
    assert report([]) == "no problems"
    data = json.loads(report([on_page, in_file], as_json=True))
    assert data["errors"] == 1 and data["warnings"] == 1
    assert data["problems"][0] == on_page.as_dict()
    assert set(check.CODES) >= {p.code for p in (on_page, in_file)}
