"""The structure tree of a tagged edition, repaired where WeasyPrint 70
tags differently from what PDF/UA-1 (ISO 14289-1) asks.

WeasyPrint builds the tree from the boxes of the layout. Most of it is
right once the HTML is (brief/templates/: list items without ``<p>``,
``<th scope="row">``, heading levels without gaps); what HTML cannot
express is repaired here, after the layout, on the pypdf objects:

* a list item (LI) holds only a label (Lbl) and a body (LBody): a second
  paragraph of an item, which WeasyPrint puts next to the body, goes into
  it (veraPDF rule 7.2-20);
* a nested list goes into the body of its item: WeasyPrint hangs it on the
  outer list, beside the items, so that a screen reader loses the nesting;
* notes are tagged Note, with an ID (ISO 14289-1, 7.9): a page's footnote
  area is the one element WeasyPrint puts right under the Document without
  a tag of its own (NonStruct), and each footnote is a child of it; an
  endnote is a list item whose number links back to its call (the
  template writes ``<a class="note-number" href="#call-…">``);
* a table header cell (TH) gets a Scope, Row or Column, as the cells that
  name it in their Headers say: WeasyPrint writes Headers but no Scope;
* a Figure's bounding box (its Layout BBox) is given in PDF points, from
  the bottom of the page: WeasyPrint writes CSS pixels from the top.

Only the tree changes; the page content and its marked-content IDs stay as
they are, so the ParentTree (which content belongs to which element) holds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pypdf
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

__all__ = ["Repairs", "repair_structure", "BACKLINK_PREFIX"]

log = logging.getLogger("brief")

#: The named destinations of note calls (``id="call-…"`` in brief/render.py);
#: a list item with a link to one of them is that note's endnote.
BACKLINK_PREFIX = "call-"

#: CSS pixels to PDF points.
PX = 0.75


@dataclass(slots=True)
class Repairs:
    """What `repair_structure` changed, counted (for the log and the tests)."""

    item_bodies: int = 0      # elements moved into a list item's body
    nested_lists: int = 0     # nested lists moved into their item
    notes: int = 0            # footnotes and endnotes tagged Note
    scopes: int = 0           # table header cells given a Scope
    figure_boxes: int = 0     # Figure bounding boxes put in PDF coordinates


def repair_structure(writer: pypdf.PdfWriter) -> Repairs:
    """Repair the structure tree of `writer` in place; a PDF without one
    (the press edition, the archive) is left alone."""
    done = Repairs()
    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None:
        return done
    document_refs = [k for k in _kids(_dict(tree)) if isinstance(k, IndirectObject)]
    done.nested_lists = _nested_lists(document_refs)
    done.item_bodies = _item_bodies(writer, document_refs)
    done.notes = _notes(writer, document_refs)
    done.scopes = _scopes(document_refs)
    done.figure_boxes = _figure_boxes(writer, document_refs)
    log.debug("structure tree repaired: %s", done)
    return done


# -- the tree ----------------------------------------------------------------------------------

def _dict(obj: PdfObject) -> DictionaryObject:
    target = obj.get_object()
    if not isinstance(target, DictionaryObject):
        raise TypeError(f"a structure element that is not a dictionary: {target!r}")
    return target


def _kids(element: DictionaryObject) -> ArrayObject:
    """The /K of an element as an array (stored back, so that it can grow)."""
    kids = element.get("/K")
    if isinstance(kids, ArrayObject):
        return kids
    array = ArrayObject([] if kids is None else [element.raw_get("/K")])
    element[NameObject("/K")] = array
    return array


def _tag(obj: PdfObject) -> str | None:
    """The structure type of an element, None for content (MCIDs, marked-content
    and object references)."""
    target = obj.get_object() if isinstance(obj, IndirectObject) else obj
    if not isinstance(target, DictionaryObject) or target.get("/Type") in ("/MCR", "/OBJR"):
        return None
    tag = target.get("/S")
    return str(tag) if tag is not None else None


def _walk(refs: list[IndirectObject]) -> Iterator[tuple[IndirectObject, DictionaryObject]]:
    """Every element under `refs`, depth first, in reading order, as
    (reference, element). Iterative: a long brief nests deeply."""
    stack = list(reversed(refs))
    while stack:
        ref = stack.pop()
        element = _dict(ref)
        yield ref, element
        kids = element.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [element.raw_get("/K")] if kids is not None else []
        stack.extend(k for k in reversed(kids) if isinstance(k, IndirectObject) and _tag(k) is not None)


def _new(writer: pypdf.PdfWriter, tag: str, parent: IndirectObject,
         like: DictionaryObject) -> tuple[IndirectObject, DictionaryObject]:
    """A new, empty element under `parent`, on the page of `like`."""
    element = DictionaryObject({
        NameObject("/Type"): NameObject("/StructElem"),
        NameObject("/S"): NameObject(tag),
        NameObject("/P"): parent,
        NameObject("/K"): ArrayObject(),
    })
    if "/Pg" in like:
        element[NameObject("/Pg")] = like.raw_get("/Pg")
    ref = writer._add_object(element)
    return ref, element


def _move(ref: IndirectObject, into: IndirectObject) -> None:
    _kids(_dict(into)).append(ref)
    _dict(ref)[NameObject("/P")] = into


# -- lists -------------------------------------------------------------------------------------

def _nested_lists(roots: list[IndirectObject]) -> int:
    """Each L that WeasyPrint hung on the outer list, after an item, goes
    to the end of that item (its body is made by `_item_bodies`)."""
    moved = 0
    for _, element in list(_walk(roots)):
        if element.get("/S") != "/L":
            continue
        kept = ArrayObject()
        for kid in _kids(element):
            if _tag(kid) == "/L" and kept and _tag(kept[-1]) == "/LI":
                _move(kid, kept[-1])
                moved += 1
            else:
                kept.append(kid)
        element[NameObject("/K")] = kept
    return moved


def _item_bodies(writer: pypdf.PdfWriter, roots: list[IndirectObject]) -> int:
    """Whatever a list item holds besides its label and body goes into the
    body before it (or a new one)."""
    moved = 0
    for ref, element in list(_walk(roots)):
        if element.get("/S") != "/LI":
            continue
        kept = ArrayObject()
        body: IndirectObject | None = None
        for kid in _kids(element):
            tag = _tag(kid)
            if tag is None or tag in ("/Lbl", "/LBody"):
                kept.append(kid)
                body = kid if tag == "/LBody" else None
                continue
            if body is None:
                body, _ = _new(writer, "/LBody", ref, element)
                kept.append(body)
            _move(kid, body)
            moved += 1
        element[NameObject("/K")] = kept
    return moved


# -- notes -------------------------------------------------------------------------------------

def _notes(writer: pypdf.PdfWriter, roots: list[IndirectObject]) -> int:
    taken = {str(e["/ID"]) for _, e in _walk(roots) if "/ID" in e}
    count = 0

    def note_id() -> TextStringObject:
        nonlocal count
        count += 1
        while f"note-{count}" in taken:
            count += 1
        return TextStringObject(f"note-{count}")

    for ref in roots:
        for kid in _kids(_dict(ref)):
            if _tag(kid) != "/NonStruct":       # a page's footnote area
                continue
            for note in _kids(_dict(kid)):
                if _tag(note) is not None:
                    element = _dict(note)
                    element[NameObject("/S")] = NameObject("/Note")
                    element[NameObject("/ID")] = note_id()
    for ref, element in list(_walk(roots)):
        if element.get("/S") == "/LI" and _backlink(element):
            _endnote(writer, ref, element, note_id())
    return count


def _backlink(element: DictionaryObject) -> IndirectObject | None:
    """The Link in `element` that points back to a note call, if any."""
    for ref, link in _walk([k for k in _kids(element) if isinstance(k, IndirectObject)]):
        if link.get("/S") != "/Link":
            continue
        for kid in _kids(link):
            target = kid.get_object()
            if isinstance(target, DictionaryObject) and target.get("/Type") == "/OBJR":
                dest = _dict(target["/Obj"]).get("/Dest")
                if dest is not None and str(dest).startswith(BACKLINK_PREFIX):
                    return ref
    return None


def _endnote(writer: pypdf.PdfWriter, li_ref: IndirectObject, li: DictionaryObject,
             note_id: TextStringObject) -> None:
    """LI > LBody > [number link, text] becomes LI > [Lbl > number link,
    LBody > Note > text]. The link moves as a whole (its marked content and
    its annotation stay its own); an element left empty by the move goes."""
    link = _backlink(li)
    bodies = [k for k in _kids(li) if _tag(k) == "/LBody"]
    if link is None or not bodies:
        return
    child, holder = link, _dict(link).raw_get("/P")
    while True:
        siblings = _kids(_dict(holder))
        siblings[:] = [k for k in siblings if k != child]
        if siblings or holder in bodies:
            break
        child, holder = holder, _dict(holder).raw_get("/P")   # a wrapper left empty goes too
    label_ref, _ = _new(writer, "/Lbl", li_ref, li)
    _move(link, label_ref)
    body_ref = bodies[0]
    body = _dict(body_ref)
    note_ref, note = _new(writer, "/Note", body_ref, body)
    note[NameObject("/ID")] = note_id
    for kid in list(_kids(body)):
        _move(kid, note_ref)
    body[NameObject("/K")] = ArrayObject([note_ref])
    _kids(li).insert(list(_kids(li)).index(body_ref), label_ref)


# -- tables ------------------------------------------------------------------------------------

def _scopes(roots: list[IndirectObject]) -> int:
    given = 0
    for _, table in list(_walk(roots)):
        if table.get("/S") != "/Table":
            continue
        rows = [row for _, row in _walk([k for k in _kids(table) if isinstance(k, IndirectObject)])
                if row.get("/S") == "/TR"]
        cells = [[_dict(c) for c in _kids(row) if _tag(c) in ("/TH", "/TD")] for row in rows]
        for i, row in enumerate(cells):
            for j, cell in enumerate(row):
                if cell.get("/S") != "/TH":
                    continue
                attrs = _table_attributes(cell)
                if "/Scope" in attrs:
                    continue
                attrs[NameObject("/Scope")] = NameObject(_scope(cells, i, j))
                given += 1
    return given


def _table_attributes(cell: DictionaryObject) -> DictionaryObject:
    """The cell's attribute dictionary of owner Table (made if missing)."""
    attrs = cell.get("/A")
    candidates = attrs if isinstance(attrs, ArrayObject) else [attrs] if attrs is not None else []
    for a in candidates:
        a = a.get_object()
        if isinstance(a, DictionaryObject) and a.get("/O") == "/Table":
            return a
    table = DictionaryObject({NameObject("/O"): NameObject("/Table")})
    if attrs is None:
        cell[NameObject("/A")] = table
    elif isinstance(attrs, ArrayObject):
        attrs.append(table)
    else:
        cell[NameObject("/A")] = ArrayObject([cell.raw_get("/A"), table])
    return table


def _scope(cells: list[list[DictionaryObject]], i: int, j: int) -> str:
    """Row when the data cells of its own row name the header, Column when
    those of other rows do; without Headers, from where it stands."""
    header = cells[i][j].get("/ID")
    if header is not None:
        def names(cell: DictionaryObject) -> bool:
            return any(str(h) == str(header) for h in _table_attributes(cell).get("/Headers", []))
        if any(names(c) for c in cells[i] if c.get("/S") == "/TD"):
            return "/Row"
        if any(names(c) for r, row in enumerate(cells) if r != i for c in row if c.get("/S") == "/TD"):
            return "/Column"
    return "/Row" if j == 0 and i > 0 else "/Column"


# -- figures -----------------------------------------------------------------------------------

def _array(obj: PdfObject) -> ArrayObject:
    target = obj.get_object()
    if not isinstance(target, ArrayObject):
        raise TypeError(f"not an array: {target!r}")
    return target


def _figure_boxes(writer: pypdf.PdfWriter, roots: list[IndirectObject]) -> int:
    """Layout BBoxes from CSS pixels (from the page's top left) to PDF
    points (from its bottom left): WeasyPrint's page matrix, inverted."""
    pages = {page.indirect_reference.idnum: page for page in writer.pages
             if page.indirect_reference is not None}
    fixed = 0
    for _, element in _walk(roots):
        attrs = element.get("/A")
        attrs = attrs.get_object() if attrs is not None else None
        if not isinstance(attrs, DictionaryObject) or attrs.get("/O") != "/Layout" or "/BBox" not in attrs:
            continue
        pg = element.raw_get("/Pg") if "/Pg" in element else None
        page = pages.get(pg.idnum) if isinstance(pg, IndirectObject) else None
        if page is None:
            continue
        trim = page.trimbox
        left, top = float(trim.left), float(trim.top)
        x0, y0, x1, y1 = (float(v) for v in _array(attrs["/BBox"]))
        attrs[NameObject("/BBox")] = ArrayObject(FloatObject(round(v, 3)) for v in (
            left + x0 * PX, top - y1 * PX, left + x1 * PX, top - y0 * PX))
        fixed += 1
    return fixed
