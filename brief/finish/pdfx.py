"""What a print shop's preflight asks of the press edition (PDF/X-4,
ISO 15930-7) beyond what WeasyPrint 70 writes.

* No annotations. WeasyPrint keeps the links of the HTML (note calls, web
  addresses) as link annotations; on paper they do nothing, and preflight
  profiles (Acrobat's "PDF/X-4 compliance", callas pdfToolbox, PitStop)
  flag any annotation inside the bleed box. The file's outline and named
  destinations stay: they are not annotations, and they help whoever
  proofs the file.
* The PDF/X version in the document information dictionary as well as in
  the XMP metadata (WeasyPrint writes it in XMP only, for PDF/X-4): older
  RIPs and preflight tools read it from there.
"""

from __future__ import annotations

import pypdf
from pypdf.generic import NameObject

__all__ = ["PDFX_VERSION", "remove_annotations", "identify"]

PDFX_VERSION = "PDF/X-4"


def remove_annotations(writer: pypdf.PdfWriter) -> int:
    """Drop every annotation of every page; returns how many there were."""
    removed = 0
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        removed += len(annots.get_object())
        del page[NameObject("/Annots")]
    return removed


def identify(writer: pypdf.PdfWriter, version: str = PDFX_VERSION) -> None:
    """/GTS_PDFXVersion in the document info. (/Trapped, which PDF/X also
    requires there, WeasyPrint sets to /False.)"""
    writer.add_metadata({"/GTS_PDFXVersion": version})
