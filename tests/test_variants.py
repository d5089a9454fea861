"""The three outputs of one brief: screen (PDF/UA-1), press (PDF/X-4) and
archive (PDF/A-3b), checked by what a validator and a print shop look at."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import SAMPLE
from pypdf import PdfReader

from brief.measure import MM

LANGS = ("nl", "fr", "en")


def xmp(reader: PdfReader) -> str:
    return reader.xmp_metadata.stream.get_data().decode("utf-8")


def content(reader: PdfReader) -> bytes:
    streams = (page.get_contents() for page in reader.pages)
    return b"\n".join(s.get_data() for s in streams if s is not None)


@pytest.mark.parametrize("lang", LANGS)
def test_screen_is_tagged_pdf_ua(sample_outputs, lang):
    reader = PdfReader(sample_outputs[(lang, "screen")])
    root = reader.trailer["/Root"]
    assert reader.pdf_header == "%PDF-1.7"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == lang
    assert root["/ViewerPreferences"]["/DisplayDocTitle"], "the title, not the file name, in the window"
    assert 'pdfuaid:part="1"' in xmp(reader) or "<pdfuaid:part>1</pdfuaid:part>" in xmp(reader)
    assert "/OutputIntents" not in root
    page = reader.pages[2]
    assert page.trimbox == page.mediabox, "no bleed, no marks on screen"
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    assert any(a["/Subtype"] == "/Link" for a in links), "links are live"


@pytest.mark.parametrize("lang", LANGS)
def test_screen_figures_have_alt_text(sample_outputs, lang):
    """PDF/UA: a Figure element of the structure tree carries /Alt."""
    reader = PdfReader(sample_outputs[(lang, "screen")])
    figures = []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node)
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if depth < 200 and not isinstance(kid, int):
                        walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)


@pytest.mark.parametrize("lang", LANGS)
def test_press_is_pdf_x4_with_bleed_marks_and_cmyk(sample_outputs, lang):
    reader = PdfReader(sample_outputs[(lang, "press")])
    root = reader.trailer["/Root"]
    assert reader.pdf_header == "%PDF-1.6"
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp(reader)
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4, "a CMYK output profile"
    for page in reader.pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert (round(float(trim.width) / MM), round(float(trim.height) / MM)) == (210, 297)
        assert float(bleed.left) == pytest.approx(float(trim.left) - 3 * MM, abs=0.01)
        assert float(bleed.top) == pytest.approx(float(trim.top) + 3 * MM, abs=0.01)
        assert float(media.left) < float(bleed.left), "room for the crop marks outside the bleed"
    data = content(reader)
    assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)(\s|$)", data), "no DeviceRGB colour"
    assert re.search(rb"1 1 1 1 K", data), "crop marks in registration colour"


@pytest.mark.parametrize("lang", LANGS)
def test_press_is_padded_to_a_multiple_of_four_before_the_back_cover(sample_outputs, lang):
    reader = PdfReader(sample_outputs[(lang, "press")])
    pages = reader.pages
    assert len(pages) % 4 == 0
    blanks = [i for i, p in enumerate(pages) if p.get("/BriefBlank")]
    last = len(pages) - 1
    assert blanks == list(range(last - len(blanks), last)), "blank pages right before the back cover"
    for i in blanks:
        assert not pages[i].extract_text().strip()
    assert "V.U." in pages[last].extract_text() or "Verantwoordelijke" in pages[last].extract_text() \
        or "responsable" in pages[last].extract_text() or "Responsible" in pages[last].extract_text()
    screen = len(PdfReader(sample_outputs[(lang, "screen")]).pages)
    assert len(pages) - len(blanks) in (screen, screen + 1), "the colophon may take a page of its own"


def test_press_fonts_are_embedded(sample_outputs):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is installed by make setup")
    out = subprocess.run(["pdffonts", str(sample_outputs[("nl", "press")])],
                         capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), out


def test_archive_is_pdf_a3b_with_the_source_attached(sample_outputs):
    reader = PdfReader(sample_outputs[("nl", "archive")])
    root = reader.trailer["/Root"]
    meta = xmp(reader)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    attached = reader.attachments
    assert attached["energiearmoede.md"][0] == SAMPLE.read_bytes()
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Source"
    assert len(root["/AF"]) == 1


def test_translated_archive_also_carries_its_catalog(sample_outputs):
    reader = PdfReader(sample_outputs[("fr", "archive")])
    assert set(reader.attachments) == {"energiearmoede.md", "energiearmoede.po"}


@pytest.mark.parametrize("variant", ["screen", "press", "archive"])
def test_qpdf_finds_no_damage(sample_outputs, variant):
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is installed by make setup")
    result = subprocess.run(["qpdf", "--check", str(sample_outputs[("nl", variant)])],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
@pytest.mark.parametrize("variant", ["screen", "press", "archive"])
def test_every_block_in_both_note_styles_passes_the_checks(every_block_build, notes, variant):
    """Every block of the format, with notes at the end or at the foot of
    the page: the preflight finds no error (no note off its page, no
    overlap, nothing in the margins)."""
    errors = [str(p) for p in every_block_build[(notes, variant)].problems if p.severity == "error"]
    assert errors == [], "\n".join(errors)


def test_footnotes_mode_has_no_endnotes(every_block_build):
    """With every note at the foot of its page, there is no list of notes."""
    def titles(items: list) -> list[str]:
        return [t for i in items for t in (titles(i) if isinstance(i, list) else [i.title])]

    endnotes, footnotes = (titles(PdfReader(every_block_build[(n, "screen")].path).outline)
                           for n in ("endnotes", "footnotes"))
    assert endnotes[-1] == "Notes" and "Notes" not in footnotes
