"""The outline (bookmarks): the chapters and their sections, on the page
where each starts, read from WeasyPrint's laid-out boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pypdf

if TYPE_CHECKING:  # pragma: no cover
    import weasyprint

__all__ = ["outline"]


def outline(writer: pypdf.PdfWriter, document: weasyprint.Document) -> None:
    """Bookmarks of the chapters and sections: every element that the
    template marked with ``data-outline``, on the page where it starts."""
    parent = None
    seen: set[int] = set()
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or id(element) in seen or not element.get("data-outline"):
                continue
            seen.add(id(element))
            label = element.get("data-outline")
            if element.tag == "h2":
                writer.add_outline_item(title=label, page_number=index, parent=parent)
            else:
                parent = writer.add_outline_item(title=label, page_number=index)
