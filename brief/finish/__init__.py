"""Finishing: what pypdf does to the file WeasyPrint wrote.

* `brief.finish.tags`: the structure tree of the tagged (screen) edition
  repaired where WeasyPrint 70 tags differently from what PDF/UA-1 asks;
* `brief.finish.press`: what a print shop's preflight asks of a PDF/X-4
  file (no annotations, the version in the document info);
* `brief.finish.images`: raster images in the output intent's CMYK for the
  press edition, and no image interpolation in the archive (PDF/A).

Each takes a `pypdf.PdfWriter` and changes it in place.
"""

from __future__ import annotations

__all__: list[str] = []
