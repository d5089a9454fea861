"""What a renderer makes of the file: every page drawn by pdfium, and every
stream that a renderer would have to decode.

* `fill`: a page is drawn (small, in grey) and its type area cut into
  cells of about a line's height; the share of cells with any ink in them
  is how full the page is. A page of running text fills nine cells in ten;
  a last page holding a colophon alone, one in twenty.
* `damaged_streams`: the content of each page, its forms and its fonts'
  programs, decoded strictly. pdfium (like most renderers) draws what it can
  of a damaged stream and says nothing; a Flate stream that stops short is
  a page with text missing, or a font replaced by another. (Images are
  decoded by pdfium itself, as it would draw them: `brief.check.pdfium`.)
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pypdf
import pypdfium2 as pdfium
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

__all__ = ["fill", "damaged_streams", "RENDER_SCALE", "INK", "CELL"]

#: Pages are drawn at 18 dpi: a pixel is 4 pt.
RENDER_SCALE = 0.25
#: Grey levels below this are ink (the lightest tints of the design are about 235).
INK = 245
#: The side of a cell, in pixels: 12 pt, about a line of text.
CELL = 3


def fill(page: pdfium.PdfPage, crop: tuple[float, float, float, float],
         area: tuple[float, float, float, float]) -> float:
    """The share (0–1) of `area` (x0, y0, x1, y1 in PDF coordinates) that
    holds ink, in cells of `CELL` pixels. `crop` is the page's crop box,
    the part of the page that pdfium draws."""
    bitmap = page.render(scale=RENDER_SCALE, grayscale=True, draw_annots=False)
    image = bitmap.to_pil()
    left, top = crop[0], crop[3]
    box = (round((area[0] - left) * RENDER_SCALE), round((top - area[3]) * RENDER_SCALE),
           round((area[2] - left) * RENDER_SCALE), round((top - area[1]) * RENDER_SCALE))
    if box[2] - box[0] < CELL or box[3] - box[1] < CELL:
        return 1.0
    cells = image.crop(box).point(lambda v: 0 if v < INK else 255).reduce(CELL)
    counts = cells.histogram()
    total = sum(counts)
    return (total - counts[255]) / total if total else 1.0


# -- streams --------------------------------------------------------------------------------------

#: Filters that only an image codec decodes: pdfium's business (see `brief.check.pdfium`).
_CODECS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/DCT", "/CCF"}


def damaged_streams(reader: pypdf.PdfReader) -> list[tuple[int, str]]:
    """(page number, what) for each stream of the pages that does not
    decode: the page's content, a form's, a font program. A stream shared
    by several pages is named once, on the first."""
    seen: set[int] = set()
    found: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        for what, stream in _streams(page, seen):
            error = _decode_error(stream)
            if error:
                found.append((number, f"{what} cannot be decoded ({error})"))
    return found


def _streams(page: pypdf.PageObject, seen: set[int]) -> Iterator[tuple[str, StreamObject]]:
    contents = page.get("/Contents")
    refs = contents.get_object() if contents is not None else None
    if isinstance(refs, ArrayObject):
        items: list[Any] = list(refs)
    else:
        items = [contents] if contents is not None else []
    for ref in items:
        stream = _new(ref, seen)
        if isinstance(stream, StreamObject):
            yield "the page's content", stream
    yield from _resources(page.get("/Resources"), seen)


def _resources(resources: Any, seen: set[int]) -> Iterator[tuple[str, StreamObject]]:
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if isinstance(xobjects, DictionaryObject):
        for ref in xobjects.values():
            form = _new(ref, seen)
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form":
                yield "a form (a drawing or an image group)", form
                yield from _resources(form.get("/Resources"), seen)
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else None
    if isinstance(fonts, DictionaryObject):
        for ref in fonts.values():
            font = ref.get_object()
            if not isinstance(font, DictionaryObject):
                continue
            descendants = font.get("/DescendantFonts")
            descendants = descendants.get_object() if descendants is not None else None
            for f in [font, *(d.get_object() for d in (descendants or []))]:
                descriptor = f.get("/FontDescriptor") if isinstance(f, DictionaryObject) else None
                descriptor = descriptor.get_object() if descriptor is not None else None
                if not isinstance(descriptor, DictionaryObject):
                    continue
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    program = _new(descriptor.get(key), seen)
                    if isinstance(program, StreamObject):
                        name = str(f.get("/BaseFont", "(unnamed)")).lstrip("/")
                        yield f"the program of the font {name}", program


def _new(ref: Any, seen: set[int]) -> Any:
    """The object `ref` points to, unless it was seen already."""
    if ref is None:
        return None
    key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
    if key in seen:
        return None
    seen.add(key)
    return ref.get_object()


def _decode_error(stream: StreamObject) -> str | None:
    """Why the stream's filters fail on its data, or None. Flate is inflated
    strictly (pypdf would quietly keep what it could read); the other
    filters are pypdf's."""
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else \
        ([str(filters)] if filters is not None else [])
    data: bytes = stream._data
    for i, name in enumerate(names):
        if name in _CODECS:
            return None
        try:
            if name in ("/FlateDecode", "/Fl"):
                inflate = zlib.decompressobj()
                data = inflate.decompress(data)
                if not inflate.eof:
                    return "its compressed data stops short"
            else:
                single = StreamObject()
                single._data = data
                single[NameObject("/Filter")] = NameObject(name)
                parms = stream.get("/DecodeParms")
                parms = parms.get_object() if parms is not None else None
                if isinstance(parms, ArrayObject):
                    parms = parms[i].get_object() if i < len(parms) else None
                if isinstance(parms, DictionaryObject):
                    single[NameObject("/DecodeParms")] = parms
                data = single.get_data()
        except Exception as e:  # every decoder's own error: zlib.error, pypdf's, ValueError
            return f"{name.lstrip('/')}: {e}"
    return None
