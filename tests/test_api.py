"""The Python API: a brief built by hand, rendered to HTML and to PDF, and
the promise that a failed build leaves nothing half-written behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import html_root, normalize, text_of
from pypdf import PdfReader

import brief.build
import brief.files
from brief import Brief
from brief.errors import BriefError

PARAGRAPH = "Eén gezin op vijf leeft in energiearmoede."
SOURCE = "Statbel, *EU-SILC*, 2024."


@pytest.fixture()
def built() -> Brief:
    """A small brief written with the builder methods."""
    b = Brief(title="Proef", lang="nl", subtitle="Een brief in Python", authors=["An", "Bert"])
    ctx = b.chapter("Context", numbered=False)
    ctx.lead("Een korte samenvatting.")
    ctx.paragraph(PARAGRAPH, notes=[SOURCE])
    ctx.pull_quote("Eén op vijf.")
    ch = b.chapter("Analyse")
    s = ch.section("Huurders")
    s.bullets(["een", ("twee", ["twee a", "twee b"])])
    b.note("*term", "Een **term** uitgelegd.")
    s.paragraph("Een moeilijke term[^*term] in de tekst.")
    return b


def test_builder_makes_the_model(built: Brief) -> None:
    """paragraph(notes=...) defines a note and calls it at the end."""
    ctx = built.chapters[0]
    assert ctx.numbered is False and built.chapters[1].numbered is True
    label = next(iter(built.notes))
    assert ctx.blocks[0].text == f"{PARAGRAPH}[^{label}]"
    assert built.notes[label].text == SOURCE
    assert built.marks() == {label: "1", "*term": "*"}


def test_render_html_structure(built: Brief) -> None:
    """The HTML has the cover, the chapters (number only on the numbered one),
    the lead, the pull quote, the numbered section, the nested list, the
    note call linking to its endnote and the symbol note set as a footnote."""
    root = html_root(built.render_html())
    assert root.etree_element.get("lang") == "nl"
    assert [text_of(e) for e in root.query_all(".cover .title")] == ["Proef"]
    chapters = list(root.query_all("section.chapter"))
    assert [text_of(next(c.query_all(".chapter-title"))) for c in chapters] == ["Context", "Analyse"]
    assert list(chapters[0].query_all(".chapter-number")) == []
    assert [text_of(e) for e in chapters[1].query_all(".chapter-number")] == ["1"]
    assert [text_of(e) for e in root.query_all(".lead p")] == ["Een korte samenvatting."]
    assert [text_of(e) for e in root.query_all("blockquote.pullquote")] == ["Eén op vijf."]
    assert [text_of(e) for e in root.query_all("h2 .section-number")] == ["1.1"]
    assert [text_of(e) for e in root.query_all("ul > li > ul > li")] == ["twee a", "twee b"]
    call = next(root.query_all("a.note-call"))
    assert text_of(call) == "1"
    target = call.etree_element.get("href")[1:]
    endnote = next(root.query_all(f"section.endnotes li[id='{target}']"))
    assert normalize(text_of(endnote)) == "1Statbel, EU-SILC, 2024."
    footnote = next(root.query_all(".footnote.symbol"))
    assert footnote.etree_element.get("data-mark") == "*"
    assert text_of(footnote) == "Een term uitgelegd."
    assert list(root.query_all("section.endnotes li")) == [endnote], "symbol notes are not endnotes"


def test_numbered_list_with_sub_bullets() -> None:
    """numbered_list([("Rec", ["sub"])]) adds an ordered list whose item holds a
    bullet list (the recommendations of a brief), on chapters and sections."""
    b = Brief(title="Proef", lang="nl")
    ch = b.chapter("Aanbevelingen")
    ch.numbered_list([("Rec", ["sub"]), "Tweede"])
    ch.section("Meer").numbered_list(["Derde"], start=3)
    root = html_root(b.render_html())
    # An item's first paragraph is its own text (no <p>: see templates/blocks.html).
    assert [normalize(e.etree_element.text or "") for e in root.query_all("ol > li")] == ["Rec", "Tweede", "Derde"]
    assert [text_of(e) for e in root.query_all("ol > li > ul > li")] == ["sub"]
    assert next(root.query_all("section.chapter ol[start]")).etree_element.get("start") == "3"


def test_write_pdf(built: Brief, tmp_path: Path) -> None:
    """write_pdf writes a PDF with the paragraph, note 1 and section 1.1."""
    out = built.write_pdf(tmp_path / "x.pdf")
    assert out == tmp_path / "x.pdf"
    assert out.read_bytes().startswith(b"%PDF-")
    text = normalize("\n".join(p.extract_text() for p in PdfReader(out).pages))
    assert PARAGRAPH in text
    assert "1 Statbel, EU-SILC, 2024." in text
    assert "1.1 Huurders" in text
    assert [f for f in tmp_path.iterdir() if f.name != "x.pdf"] == []


def test_write_pdf_symbol_note_on_the_page_of_its_call(built: Brief, tmp_path: Path) -> None:
    """The smallest reproduction of the page-foot rule: a symbol note called
    on a page with room to spare is printed at the foot of that page."""
    out = built.write_pdf(tmp_path / "x.pdf")
    pages = [normalize(p.extract_text()) for p in PdfReader(out).pages]
    call = [i for i, t in enumerate(pages) if "Een moeilijke term" in t]
    note = [i for i, t in enumerate(pages) if "Een term uitgelegd." in t]
    assert call and note == call, f"called on page {call[0] + 1}, printed on page {note[0] + 1 if note else None}"


def _fail(*args, **kwargs):
    raise BriefError("simulated failure of the finishing step")


def test_failed_build_leaves_nothing(built: Brief, tmp_path: Path, monkeypatch) -> None:
    """When a step fails, no PDF and no temporary file are left behind."""
    monkeypatch.setattr(brief.build, "finish", _fail)
    target = tmp_path / "x.pdf"
    with pytest.raises(BriefError):
        built.write_pdf(target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_failed_build_keeps_the_previous_pdf(built: Brief, tmp_path: Path, monkeypatch) -> None:
    """An existing PDF is not replaced (nor truncated) by a failed build."""
    target = tmp_path / "x.pdf"
    built.write_pdf(target)
    before = target.read_bytes()
    monkeypatch.setattr(brief.build, "finish", _fail)
    with pytest.raises(BriefError):
        built.write_pdf(target)
    assert target.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["x.pdf"]


def test_failure_while_writing_removes_the_part_file(built: Brief, tmp_path: Path, monkeypatch) -> None:
    """If the final rename fails, the temporary .part file is removed and the
    old PDF stays."""
    target = tmp_path / "x.pdf"
    target.write_bytes(b"%PDF-old")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(brief.files.os, "replace", refuse)
    with pytest.raises(OSError):
        built.write_pdf(target)
    assert target.read_bytes() == b"%PDF-old"
    assert [f.name for f in tmp_path.iterdir()] == ["x.pdf"]
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))
