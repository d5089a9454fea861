"""The press edition, for the print shop: PDF/X-4.

* Colours in CMYK: ``styles/press.css`` gives the design's colours as
  ``device-cmyk()``; SVG colours are rewritten as they are fetched; raster
  images are converted to the output intent's CMYK after the layout
  (`brief.finish.images`); the output intent is a CMYK ICC profile.
* No annotations, and the PDF/X version in the document info too
  (`brief.finish.pdfx`).
* A4 trimmed with 3 mm bleed (press.css), and crop marks drawn here,
  outside the bleed: WeasyPrint's own ``marks`` sit inside the bleed, under
  the cover's colour.
* A multiple of four pages, for saddle stitching: the build adds blank
  pages before the back cover.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf
from pypdf.generic import ArrayObject, ContentStream, NameObject, RectangleObject

from ..errors import SetupError
from ..finish import images, pdfx
from ..measure import MM
from ..resources import DEFAULT_ICC
from . import Extras, Variant

if TYPE_CHECKING:  # pragma: no cover
    from ..options import Options

__all__ = ["VARIANT", "svg_to_cmyk", "to_cmyk", "icc_profile", "crop_marks"]


# -- colours ------------------------------------------------------------------------------

def _cmyk(r: float, g: float, b: float) -> str:
    k = 1 - max(r, g, b)
    if k >= 1:
        return "device-cmyk(0 0 0 1)"
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return f"device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})"


_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
_NAMED = {"black": (0, 0, 0), "white": (255, 255, 255)}


def svg_to_cmyk(data: bytes) -> bytes:
    """An SVG with its colours as ``device-cmyk()``, black text included."""
    text = data.decode("utf-8")

    def hexa(m: re.Match[str]) -> str:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return _cmyk(*(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)))

    text = _HEX.sub(hexa, text)
    text = _RGB.sub(lambda m: _cmyk(*(int(v) / 255 for v in m.groups())), text)
    text = re.sub(r'(fill|stroke)="(black|white)"',
                  lambda m: f'{m.group(1)}="{_cmyk(*(v / 255 for v in _NAMED[m.group(2)]))}"', text)
    # SVG's default fill is black: make it the printer's black, not RGB black.
    text = re.sub(r"<svg\b(?![^>]*\sfill=)", '<svg fill="device-cmyk(0 0 0 1)"', text, count=1)
    return text.encode("utf-8")


def to_cmyk(path: Path, data: bytes) -> bytes | None:
    """A fetched file as the press needs it: SVG colours in CMYK; None for
    the rest (raster images are converted after the layout)."""
    return svg_to_cmyk(data) if path.suffix.lower() == ".svg" else None


def icc_profile(icc: str | Path | None) -> Path:
    """The output intent's ICC profile: the given one or Ghostscript's SWOP."""
    profile = Path(icc) if icc else DEFAULT_ICC
    if not profile.is_file():
        raise SetupError(f"no ICC profile at {profile}", profile,
                         hint="install Debian's libgs-common (make setup does), or pass --icc FILE.icc "
                              "with your print shop's CMYK profile")
    return profile.resolve()


def extras(options: Options) -> Extras:
    """The output intent, as WeasyPrint's ``@color-profile device-cmyk``."""
    profile = icc_profile(options.icc)
    css = (f"@color-profile device-cmyk {{ src: url(\"{profile.as_uri()}\"); "
           "components: cyan, magenta, yellow, black; }")
    return Extras(css, (profile.parent,))


# -- crop marks ---------------------------------------------------------------------------

#: Crop marks: from 3 mm outside the trim (the bleed's edge) outwards, 5 mm long.
MARK_OFFSET, MARK_LENGTH, MARK_SLUG = 3 * MM, 5 * MM, 9 * MM


def crop_marks(writer: pypdf.PdfWriter, page: pypdf.PageObject) -> None:
    """Widen the page to hold crop marks outside the bleed, and draw them."""
    trim = page.trimbox
    x0, y0, x1, y1 = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
    media = RectangleObject([x0 - MARK_SLUG, y0 - MARK_SLUG, x1 + MARK_SLUG, y1 + MARK_SLUG])
    page.mediabox = media
    if "/CropBox" in page:
        page.cropbox = media
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + sx * near:.3f} {y:.3f} m {x + sx * far:.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + sy * near:.3f} m {x:.3f} {y + sy * far:.3f} l S")
    marks = "Q q 0.3 w 1 1 1 1 K " + " ".join(lines) + " Q"
    before = ContentStream(None, writer)
    before.set_data(b"q")
    after = ContentStream(None, writer)
    after.set_data(marks.encode("ascii"))
    contents = page.get("/Contents")
    streams = contents.get_object() if contents is not None else []
    if not isinstance(streams, list):
        streams = [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *streams, writer._add_object(after)])


def finish(writer: pypdf.PdfWriter) -> None:
    """Images in CMYK, no annotations, the PDF/X version in the document
    info, and crop marks on every page whose trim box is smaller than its
    media box."""
    images.to_cmyk(writer)
    pdfx.remove_annotations(writer)
    pdfx.identify(writer)
    if any("/TrimBox" in page and page.trimbox != page.mediabox for page in writer.pages):
        for page in writer.pages:
            crop_marks(writer, page)


VARIANT = Variant(
    name="press", pdf_variant="pdf/x-4", suffix="-press",
    description="PDF/X-4 for the print shop: CMYK, 3 mm bleed, crop marks, a multiple of 4 pages",
    stylesheets=("brief.css", "press.css"), page_multiple=4, cmyk=True,
    convert=to_cmyk, extras=extras, finish=finish,
)
