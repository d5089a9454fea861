"""Preflight: what a printer checks before a brief goes to press.

Two kinds of checks, both returning a list of `Problem` (never printing,
never raising for what they find), like Babel's catalog checks:

* on the finished PDF, `check_pdf`: what only the layout can tell — a font
  that is not embedded, text over text, text in the margins, a note call
  without its note, an empty or near-empty page, a heading left at the foot
  of a column, a single line of a paragraph cut off from the rest, a
  low-resolution image, an image or stream that cannot be decoded;
* on the edition before it is laid out, `check_glyphs` (a character that
  neither font of the design has: WeasyPrint would fall back to some system
  font, or print a blank box) and `check_figures` (a figure without alt text).

The PDF is read back the way a proofreader looks at it: pypdf for the file's
structure (fonts, links, named destinations, page boxes), pdfium (pypdfium2)
for what is printed where (words with their fonts, sizes and baselines,
images, drawings) and for what a renderer makes of every page (drawn, and
every image decoded). The layout checks work out the columns of each page from the word
positions alone, so that they judge the PDF and not the intentions of the
stylesheet; the few assumptions about the design (headings are bold sans
serif of 10 pt and more, note calls are set as superscripts, the cover is
page 1) are named where they are made.

Where each part lives:

* `brief.check.problems`: `Problem`, the codes and their severities, `report`;
* `brief.check.margins`: `Margins`, read from the ``@page`` rule of brief.css;
* `brief.check.reading`: the PDF read back, page by page (words, lines,
  graphics, links, the notes' named destinations);
* `brief.check.pdfium`: a page's words, drawings and images, from pdfium;
* `brief.check.rendering`: each page drawn (how full it is), and the
  streams a renderer would fail to decode;
* `brief.check.layout`: the layout of a page worked out from its words
  (superscripts, columns, lines, reading order) and the page-foot notes;
* `brief.check.page_checks`: the checks of one page (blank, near-empty,
  overlaps, text outside the type area, low-resolution or damaged images,
  headings at the end);
* `brief.check.pdf_checks`: `check_pdf`, and the checks of the whole file
  (fonts, notes, widows and orphans);
* `brief.check.edition`: `check_glyphs` and `check_figures`;
* `brief.check.catalogs`: `check_catalogs`, a brief's catalogs checked
  without building it.

Units are PDF points (1/72 in) throughout; page coordinates are x as in the
PDF and y (``top``) measured down from the top of the page's media box.
"""

from __future__ import annotations

from .catalogs import check_catalogs
from .edition import check_body, check_figures, check_glyphs
from .margins import Margins
from .page_checks import NEAR_EMPTY
from .pdf_checks import check_pdf, page_count
from .problems import CODES, ERROR, WARNING, Problem, report

__all__ = [
    "Problem", "Margins", "check_pdf", "check_glyphs", "check_figures", "check_body", "check_catalogs",
    "report", "ERROR", "WARNING", "CODES", "NEAR_EMPTY", "page_count",
]
