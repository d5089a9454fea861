"""Pages added or marked after the layout: the blank pages that pad an
edition to a multiple of pages, and the mark of each page laid out on a
named page of its own design (``@page cover``, ``@page back``).

The blanks were once laid out by WeasyPrint, as empty blocks before the
colophon: that took a second layout of the whole edition, once the first
had told how many pages were missing. Copied here as pages with the back
cover's boxes and nothing on them, they look the same (the ``@page blank``
of press.css has no running head or folio), cost nothing, and carry
``/BriefBlank`` so that the preflight knows they are meant.
"""

from __future__ import annotations

from collections.abc import Sequence

import pypdf
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

from . import BLANK

__all__ = ["pad", "mark_named_pages", "NAMED_PAGE"]

#: The page key that names the named page (``@page back``) a page was laid out on.
NAMED_PAGE = "/BriefPage"

_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def pad(writer: pypdf.PdfWriter, multiple: int) -> list[int]:
    """Add blank pages before the last page (the back cover) until the page
    count is a multiple of `multiple`; return their indexes."""
    count = len(writer.pages)
    missing = -count % multiple if multiple > 1 and count else 0
    if not missing:
        return []
    back = writer.pages[count - 1]
    added = []
    for i in range(missing):
        index = count - 1 + i
        writer.insert_blank_page(float(back.mediabox.width), float(back.mediabox.height), index)
        page = writer.pages[index]        # the page in the tree (pypdf returns the one it copied)
        for box in _BOXES:
            if box in back:
                page[NameObject(box)] = back[box]
        page[NameObject("/Resources")] = DictionaryObject()
        page[NameObject(BLANK)] = BooleanObject(True)
        added.append(index)
    return added


def mark_named_pages(writer: pypdf.PdfWriter, names: Sequence[str | None]) -> None:
    """Mark each page with the name of the named page it was laid out on
    (`names`, one per page of the layout, None for the plain pages)."""
    for page, name in zip(writer.pages, names, strict=False):
        if name:
            page[NameObject(NAMED_PAGE)] = NameObject("/" + name)
