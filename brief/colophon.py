"""Where the colophon goes, once the pages are laid out.

The colophon (publisher, authors, date, responsible publisher, legal
deposit, licence) closes the brief. brief.css sets it after the last text;
here it is moved down to the foot of that last page, where readers look
for it, and where it does not read as the start of something new.

When the last page of text has no room for it, WeasyPrint moves it to a
new page of its own, under the running head of the last chapter ("Notes")
and at the top of an otherwise empty page. That page is laid out again as
a back page: `OWN_PAGE` puts the colophon on a named page ``back`` (whose
look, without running heads or folio, brief.css gives), and it goes to the
foot of that page too. The press edition always has that back page (the
back cover, styles/press.css).

A brief without a body has no last page of text: brief.css sets the
colophon on the cover page (``.cover + .colophon``), which is left as it is.

This is layout: it belongs with brief/layout.py. It reads WeasyPrint's
page boxes (as the outline does) and moves one box with WeasyPrint's own
``translate``, before the PDF is written, so that the text, the links and
the structure tree all come from the moved box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import weasyprint

__all__ = ["OWN_PAGE", "CLASS", "find", "alone", "to_foot"]

#: The class of the colophon's element (brief/templates/brief.html).
CLASS = "colophon"

#: Extra CSS for a second layout when the colophon stands alone on a page.
OWN_PAGE = f".{CLASS} {{ break-before: page; page: back; }}"


def find(document: weasyprint.Document) -> tuple[int, Any] | None:
    """(page index, box) of the colophon's first box, None without one."""
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and CLASS in (element.get("class") or "").split() \
                    and box.element_tag == "section":
                return index, box
    return None


def _in_flow(document: weasyprint.Document) -> tuple[int, Any] | None:
    """`find`, for a colophon in the flow of the text (not placed absolutely
    on the cover, as a brief without a body has it)."""
    found = find(document)
    if found is None or found[1].style["position"] == "absolute":
        return None
    return found


def alone(document: weasyprint.Document) -> bool:
    """Whether the colophon is the only thing on its page (running heads
    and folios aside): the page before had no room for it."""
    found = _in_flow(document)
    if found is None:
        return False
    from weasyprint.formatting_structure import boxes  # here: a build from the cache loads no WeasyPrint
    index, colophon = found
    root = document.pages[index]._page_box.children[0]
    inside = {id(b) for b in colophon.descendants()}
    return not any(isinstance(b, (boxes.TextBox, boxes.ReplacedBox)) and id(b) not in inside
                   for b in root.descendants())


def to_foot(document: weasyprint.Document) -> bool:
    """Move the colophon down to the foot of its page's type area (above
    any page-foot notes); returns whether it moved."""
    found = _in_flow(document)
    if found is None:
        return False
    from weasyprint.formatting_structure import boxes
    index, colophon = found
    page = document.pages[index]._page_box
    bottom = page.content_box_y() + page.height
    for child in page.children:
        if isinstance(child, boxes.FootnoteAreaBox) and child.children:
            bottom = min(bottom, child.position_y)
    dy = bottom - (colophon.position_y + colophon.margin_height())
    if dy <= 0.5:
        return False
    colophon.translate(dy=dy)
    return True
