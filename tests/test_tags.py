"""The structure tree of the screen edition (PDF/UA-1): the HTML that the
templates write, and what brief.finish.tags repairs after WeasyPrint.

veraPDF (test_verapdf.py) checks the rules a machine can check; these tests
check what it cannot: that notes are Notes, that a nested list sits in its
item, that a figure's box is where the picture is, and that the repairs do
what they say on WeasyPrint's own output."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from every_block import FIXTURE, source
from helpers import first_words, html_root, normalize, numbered_notes, symbol_notes
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

import brief
from brief.finish.tags import repair_structure
from brief.render import render_html

# -- reading a structure tree ----------------------------------------------------------------------


def elements(root) -> list[tuple[DictionaryObject, DictionaryObject | None]]:
    """Every structure element under `root`, depth first, with its parent."""
    out, stack = [], [(root, None)]
    while stack:
        node, parent = stack.pop()
        node = node.get_object()
        out.append((node, parent))
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [] if kids is None else [kids]
        for kid in reversed(kids):
            target = kid.get_object() if not isinstance(kid, int) else None
            if isinstance(target, DictionaryObject) and "/S" in target:
                stack.append((target, node))
    return out


def kids(node: DictionaryObject) -> list[DictionaryObject]:
    k = node.get("/K")
    k = k if isinstance(k, list) else [] if k is None else [k]
    return [x.get_object() for x in k if not isinstance(x, int)
            and isinstance(x.get_object(), DictionaryObject) and "/S" in x.get_object()]


def tree(reader: PdfReader) -> DictionaryObject:
    return reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()


def texts(path: Path, reader: PdfReader) -> dict[int, str]:
    """The text each element holds, marked content included, by id()."""
    by_mcid: dict[tuple[int, int], str] = defaultdict(str)
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    by_mcid[(index, char["mcid"])] += char["text"]
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out: dict[int, str] = {}

    def walk(node: DictionaryObject, page: int | None) -> str:
        if "/Pg" in node:
            page = pages.get(node.raw_get("/Pg").idnum, page)
        k = node.get("/K")
        k = k if isinstance(k, list) else [] if k is None else [k]
        text = ""
        for kid in k:
            if isinstance(kid, int):
                text += by_mcid.get((page, kid), "")
            elif isinstance(kid.get_object(), DictionaryObject) and "/S" in kid.get_object():
                text += walk(kid.get_object(), page)
        out[id(node)] = text
        return text

    walk(tree(reader), None)
    return out


@pytest.fixture(scope="module")
def every_block(every_block_build) -> dict[str, Path]:
    """The fixture's screen edition, in both note styles (the session build)."""
    return {notes: every_block_build[(notes, "screen")].path for notes in ("endnotes", "footnotes")}


# -- the HTML ----------------------------------------------------------------------------------------


def test_heading_levels_never_skip_one() -> None:
    """Box titles and minor headings take the level under their chapter or
    section, whatever the Markdown's number of #: h1, h2, h3 in order."""
    root = html_root(render_html(brief.load(FIXTURE)))
    levels = [int(e.etree_element.tag.rpartition("}")[2][1]) for e in root.query_all("h1, h2, h3, h4, h5, h6")]
    assert levels[0] == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert jumps == [], f"heading levels in order: {levels}"
    assert len(set(levels)) >= 3, "the fixture has headings under sections"


def test_list_items_start_with_their_text() -> None:
    """An item's first paragraph is the item's own text, so that WeasyPrint
    tags it as the body (LBody) beside the marker (Lbl)."""
    root = html_root(render_html(brief.load(FIXTURE)))
    items = list(root.query_all("section.chapter li"))
    assert items
    first = [li for li in items if next(iter(li.iter_children()), None) is not None
             and next(iter(li.iter_children())).etree_element.tag == "p"
             and not (li.etree_element.text or "").strip()]
    assert first == []


# -- the PDF: what the repairs give -------------------------------------------------------------------


def test_list_items_hold_only_a_label_and_a_body(every_block) -> None:
    reader = PdfReader(every_block["endnotes"])
    found = elements(tree(reader))
    items = [n for n, _ in found if n["/S"] == "/LI"]
    assert items
    wrong = [[k["/S"] for k in kids(li)] for li in items
             if any(k["/S"] not in ("/Lbl", "/LBody") for k in kids(li))]
    assert wrong == []


def test_nested_lists_sit_in_the_body_of_their_item(every_block) -> None:
    reader = PdfReader(every_block["endnotes"])
    nested = [(n, p) for n, p in elements(tree(reader)) if n["/S"] == "/L" and p is not None
              and p["/S"] in ("/L", "/LBody")]
    assert any(p["/S"] == "/LBody" for _, p in nested), "the fixture has nested lists"
    for parent in {id(p): p for _, p in nested if p["/S"] == "/L"}.values():
        order = [k["/S"] for k in kids(parent)]
        after_item = [i for i, s in enumerate(order) if s == "/L" and i > 0 and order[i - 1] == "/LI"]
        assert after_item == [], f"a nested list beside its item, not in it: {order}"


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
def test_every_note_is_a_note_with_its_own_id(every_block, notes: str) -> None:
    path = every_block[notes]
    reader = PdfReader(path)
    text = texts(path, reader)
    found = [n for n, _ in elements(tree(reader)) if n["/S"] == "/Note"]
    ids = [str(n["/ID"]) for n in found]
    assert len(ids) == len(set(ids)), f"IDs repeat: {ids}"
    model = brief.load(source(path.parent, notes))
    expected = [n.text for n, _ in symbol_notes(model)] + [n.text for n in numbered_notes(model)]
    printed = [normalize(text[id(n)]) for n in found]
    for note in expected:
        words = first_words(note, 4)
        assert any(words in p for p in printed), f"no Note holds {words!r}: {printed}"


def test_endnote_numbers_are_labels_that_link_back(every_block) -> None:
    """Each endnote is LI > [Lbl > Link (its number, back to the call),
    LBody > Note]; the symbol notes are at the foot of their pages."""
    path = every_block["endnotes"]
    reader = PdfReader(path)
    endnotes = [p for n, p in elements(tree(reader)) if n["/S"] == "/Note" and p["/S"] == "/LBody"]
    assert len(endnotes) == len(numbered_notes(brief.load(FIXTURE)))
    for body in endnotes:
        label = kids(body["/P"].get_object())[0]
        assert label["/S"] == "/Lbl" and kids(label)[0]["/S"] == "/Link"


def test_table_headers_have_a_scope(every_block) -> None:
    """Every header cell says what it heads: the data tables' column
    headers and row headers, and the colophon's row headers; every data
    cell names its headers, and each header heads a cell."""
    reader = PdfReader(every_block["endnotes"])
    found = elements(tree(reader))
    headers = [n for n, _ in found if n["/S"] == "/TH"]
    cells = [n for n, _ in found if n["/S"] == "/TD"]
    assert headers and cells
    assert {str(h["/A"]["/Scope"]) for h in headers} == {"/Row", "/Column"}
    assert all("/Headers" in c["/A"] for c in cells)
    named = {str(h) for c in cells for h in c["/A"]["/Headers"]}
    empty_corner = {str(h["/ID"]) for h in headers if not h.get("/K")}
    assert named | empty_corner == {str(h["/ID"]) for h in headers}


def test_figure_boxes_are_where_the_pictures_are(every_block) -> None:
    """A Figure's Layout BBox, in PDF points from the page's bottom left,
    holds the image that pdfplumber finds on that page."""
    path = every_block["endnotes"]
    reader = PdfReader(path)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    figures = [n for n, _ in elements(tree(reader)) if n["/S"] == "/Figure"]
    with pdfplumber.open(path) as pdf:
        images = {i: [(im["x0"], im["y0"], im["x1"], im["y1"]) for im in page.images]
                  for i, page in enumerate(pdf.pages)}
    boxes = defaultdict(list)
    for figure in figures:
        boxes[pages[figure.raw_get("/Pg").idnum]].append([float(v) for v in figure["/A"]["/BBox"]])
    placed = [(i, im) for i, on_page in images.items() for im in on_page]
    assert placed
    for index, image in placed:
        assert any(all(abs(a - b) < 1 for a, b in zip(box, image, strict=True)) for box in boxes[index]), \
            f"page {index + 1}: image at {image}, figures at {boxes[index]}"


# -- the repairs, on WeasyPrint's own output ---------------------------------------------------------


def repaired(html: str) -> tuple[PdfReader, object]:
    pdf = weasyprint.HTML(string=f"<html lang='en'><body>{html}</body></html>").write_pdf(
        pdf_variant="pdf/ua-1")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    done = repair_structure(writer)
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue())), done


def test_a_second_paragraph_and_a_nested_list_go_into_the_item_body() -> None:
    reader, done = repaired("<ul><li>one<p>two</p><ul><li>three</li></ul></li><li>four</li></ul>")
    outer = next(n for n, p in elements(tree(reader)) if n["/S"] == "/L" and p["/S"] != "/LBody")
    first = kids(outer)[0]
    assert [k["/S"] for k in kids(outer)] == ["/LI", "/LI"]
    assert [k["/S"] for k in kids(first)] == ["/Lbl", "/LBody"]
    body = kids(first)[1]
    assert [k["/S"] for k in kids(body) if k["/S"] != "/Span"] == ["/P", "/L"]
    assert done.item_bodies == 2 and done.nested_lists == 1


def test_header_cells_get_a_scope_from_the_cells_that_name_them() -> None:
    """Column headers in a head row, row headers at the start of each row."""
    reader, done = repaired(
        "<table><thead><tr><th>Region</th><th>Share</th></tr></thead>"
        "<tbody><tr><th scope='row'>Flanders</th><td>15</td></tr>"
        "<tr><th scope='row'>Brussels</th><td>27</td></tr></tbody></table>")
    scopes = [str(n["/A"]["/Scope"]) for n, _ in elements(tree(reader)) if n["/S"] == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row", "/Row"]
    assert done.scopes == 4


def test_a_pdf_without_a_structure_tree_is_left_alone() -> None:
    pdf = weasyprint.HTML(string="<p>x</p>").write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    assert repair_structure(writer) == type(repair_structure(writer))()
    assert "/StructTreeRoot" not in writer.root_object


def test_the_fixture_holds_every_block() -> None:
    """The every-block fixture keeps one of each block of docs/format.md."""
    from brief import model
    loaded = brief.load(FIXTURE)
    kinds = {type(b).__name__ for ch in loaded.chapters for b in ch.blocks}
    kinds |= {type(b).__name__ for ch in loaded.chapters for s in ch.sections for b in s.blocks}
    assert {"Paragraph", "ItemList", "PullQuote", "Box", "Figure", "Heading", "Quote", "Code",
            "Rule"} <= kinds
    suffixes = {Path(f.src).suffix for f in loaded.figures()}
    assert {".svg", ".png", ".jpg"} <= suffixes
    assert any("\n\n" in n.text for n in loaded.notes.values()), "a note of two paragraphs"
    assert any(label.startswith("*") for label in loaded.notes), "a symbol note"
    assert all([loaded.publisher, loaded.responsible_editor, loaded.legal_deposit, loaded.authors,
                loaded.date])
    assert any(not ch.numbered for ch in loaded.chapters) and any(ch.numbered for ch in loaded.chapters)
    assert any(isinstance(b, model.Box) and b.title for ch in loaded.chapters for b in ch.blocks)
    assert re.search(r"(?m)^#### ", FIXTURE.read_text(encoding="utf-8"))
