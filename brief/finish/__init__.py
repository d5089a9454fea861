"""PDF → finished PDF, with pypdf: what WeasyPrint does not write, or
does not write as the standards ask.

* `brief.finish.metadata`: the document information and the XMP packet,
  kept in step;
* `brief.finish.outline`: the outline (bookmarks) of chapters and sections;
* `brief.finish.links`: links to files beside the brief made relative;
* `brief.finish.tags`: the structure tree repaired where WeasyPrint 70 tags
  differently from what PDF/UA-1 asks;
* `brief.finish.images`: raster images in the output intent's CMYK (press),
  without interpolation (archive);
* `brief.finish.pdfx`: what a print shop's preflight asks of PDF/X-4 (no
  annotations, the version in the document info).

`finish` does what every variant needs; a variant's own last step
(`brief.variants`) calls the rest. Each step takes a `pypdf.PdfWriter` and
changes it in place.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pypdf
from pypdf.generic import ArrayObject, BooleanObject, NameObject, TextStringObject

from ..model import Brief
from .links import relative_file_links
from .metadata import document_info, xmp
from .outline import outline
from .tags import repair_structure

if TYPE_CHECKING:  # pragma: no cover
    import weasyprint  # imported by whoever lays out: a build with nothing to lay out skips it

__all__ = ["finish", "BLANK"]

#: The page key that marks a blank page added on purpose (the press edition's padding).
BLANK = "/BriefBlank"


class _TrailerSizeFilter(logging.Filter):
    """WeasyPrint 70 writes PDF/A and PDF/X files whose trailer /Size is
    short; pypdf says so when it reads them, then writes a correct one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Object count")


logging.getLogger("pypdf._writer").addFilter(_TrailerSizeFilter())


def finish(pdf: bytes, edition: Brief, document: weasyprint.Document | None = None, *,
           blank_pages: Iterable[int] = (),
           last_step: Callable[[pypdf.PdfWriter], object] | None = None) -> bytes:
    """The finished file: the structure tree repaired, links to files beside
    the brief made relative, metadata, language, outline, viewer
    preferences, the marks of intended blank pages, then `last_step` (the
    variant's)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    repair_structure(writer)
    relative_file_links(writer, edition.base_dir)
    info = document_info(edition)
    writer.add_metadata(info)
    writer._root_object[NameObject("/Lang")] = TextStringObject(edition.lang)
    old = writer._root_object.get("/Metadata")
    existing = old.get_object().get_data() if old is not None else None
    writer.xmp_metadata = xmp(edition, info, existing)
    if document is not None:
        outline(writer, document)
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences()
    writer.viewer_preferences.display_doctitle = True  # type: ignore[union-attr]
    attached = writer._root_object.get("/AF")
    if attached is not None:  # WeasyPrint 70 lists each attachment twice
        unique = list({(ref.idnum, ref.generation): ref for ref in attached.get_object()}.values())
        writer._root_object[NameObject("/AF")] = ArrayObject(unique)
    for index in blank_pages:
        writer.pages[index][NameObject(BLANK)] = BooleanObject(True)
    if last_step is not None:
        last_step(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
