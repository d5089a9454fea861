"""A PDF page as pdfium sees it: its words, its drawings and its images.

pdfium (through pypdfium2's ctypes bindings) parses and lays out a page's
text in C; this module only asks it, character by character, where each
glyph stands and in which font, and groups the characters into words the
way pdfplumber does (which the checks were first written against, and which
is six times slower): a word ends at a space, where the font or the size
changes, or where the next glyph does not follow on (it starts before the
previous one or more than `X_TOLERANCE` after its end, or on another line).

A glyph's box is its em box, as pdfminer draws it: across, its advance
width from its origin; up and down, from the font's descent to one em above
it. (pdfium's own "loose" box takes in the ink of overhanging glyphs, such as
an italic f, which would make words touch their neighbours.)

Coordinates are PDF points with x from the page's left and y (``top``) down
from the top of its media box.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

__all__ = ["Glyphs", "PageObjects", "RawWord", "RawImage", "words", "page_objects", "X_TOLERANCE",
           "Y_TOLERANCE", "SUBSET"]

#: How far apart two glyphs of a line may stand and still make one word (pdfplumber's default).
X_TOLERANCE = 3.0
#: How far up or down the next glyph of a word may stand.
Y_TOLERANCE = 3.0
#: Ligature glyphs spelt out, as pdfplumber does.
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
#: Image filters that pdfium decodes only when it draws the image (not in its "decoded" data).
IMAGE_CODECS = {"DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode"}


@dataclass(slots=True, eq=False)
class RawWord:
    """A word as read: text, box (x0, x1, top, bottom), baseline, size, font, upright."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    upright: bool


@dataclass(slots=True)
class _Font:
    """What the characters of one text object share."""

    name: str            # without the subset tag
    handle: object
    key: int             # the font's address: the same font in every text object that uses it
    size: float          # the font size of Tf, in text space
    descent: float       # at that size, in text space (negative)
    matrix: tuple[float, float, float, float]   # a, b, c, d of the text object's matrix
    upright: bool
    em: float            # the size of its em box on the page (pdfminer's `size`)
    above: float         # upright: from the origin up to the em box's top, on the page
    below: float         # upright: from the origin down to its bottom (negative: above it)
    #: Upright, neither turned nor slanted: x across, y up and down.
    simple: bool
    widths: dict[str, float | None] = field(default_factory=dict)   # advances, in text space


def _plain(function: Any, result: Any, *args: Any) -> Callable[..., Any]:
    """`function`, a pdfium call, taking and giving plain addresses and
    numbers: a third of the cost of pypdfium2's typed binding, which matters
    for the calls made once for each character."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(result, *args)(address)  # type: ignore[no-any-return]


_TEXT_OBJECT = _plain(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_IS_GENERATED = _plain(raw.FPDFText_IsGenerated, ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
_CHAR_ORIGIN = _plain(raw.FPDFText_GetCharOrigin, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                      ctypes.c_void_p)


class Glyphs:
    """The font and width lookups of one document, shared by its pages."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}
        self._widths: dict[tuple[int, int, float], float] = {}
        self._buffer = ctypes.create_string_buffer(256)
        self._float = ctypes.c_float()
        #: A font drawn without its program in the file was met (pdfium says so).
        self.unembedded = False

    def font(self, address: int, tp: object, index: int) -> _Font:
        obj = ctypes.cast(ctypes.c_void_p(address), raw.FPDF_PAGEOBJECT)
        font = raw.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        name = self._names.get(key)
        if name is None:
            length = raw.FPDFFont_GetBaseFontName(font, self._buffer, len(self._buffer))
            name = SUBSET.sub("", self._buffer.raw[:max(0, length - 1)].decode("utf-8", "replace"))
            self._names[key] = name
            if not raw.FPDFFont_GetIsEmbedded(font):
                self.unembedded = True
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(obj, size)
        descent = ctypes.c_float()
        if not raw.FPDFFont_GetDescent(font, size, descent):
            descent.value = 0.0
        m = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(tp, index, m)
        # pdfminer's test: not mirrored, not turned (a quarter turn makes a·d zero).
        upright = m.a * m.d > 0 and m.b * m.c <= 0
        lo, hi = descent.value, descent.value + size.value
        return _Font(name, font, key, size.value, lo, (m.a, m.b, m.c, m.d), upright,
                     abs(m.d) * size.value, m.d * hi, m.d * lo, upright and not m.b and not m.c)

    def width(self, font: _Font, code: int) -> float | None:
        """The advance of the character `code` at the font's size, in text space."""
        key = (font.key, code, font.size)
        width = self._widths.get(key)
        if width is None:
            # pdfium maps the character back to the font's code through its ToUnicode map.
            if not raw.FPDFFont_GetGlyphWidth(font.handle, code, font.size, self._float):
                return None
            width = self._widths[key] = self._float.value
        return width


_NO_FONT = _Font("", None, 0, 0.0, 0.0, (1.0, 0.0, 0.0, 1.0), False, 0.0, 0.0, 0.0, False)
SUBSET = re.compile(r"^[A-Z]{6}\+")
#: What pdfium gives for a hyphen that the text's layout added (soft hyphens), or a glyph it cannot map.
_HYPHENS = {"\x02", "\ufffe"}


def words(page: pdfium.PdfPage, top_y: float, glyphs: Glyphs) -> list[RawWord]:
    """The words of a page, in the order its content draws them."""
    tp = raw.FPDFText_LoadPage(page)
    try:
        return _words(tp, top_y, glyphs)
    finally:
        raw.FPDFText_ClosePage(tp)


def _words(tp: object, top_y: float, glyphs: Glyphs) -> list[RawWord]:
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(tp, 0, count, buffer)
    text: str | list[str] = bytes(buffer)[:2 * count].decode("utf-16-le", "surrogatepass")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        # A character beyond the BMP takes two code units: ask for each character instead.
        text = [chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(count)]
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pox, poy = ctypes.addressof(ox), ctypes.addressof(oy)
    rect = raw.FS_RECTF()
    handle = ctypes.cast(tp, ctypes.c_void_p).value  # type: ignore[arg-type]
    generated, origin, text_object = _IS_GENERATED, _CHAR_ORIGIN, _TEXT_OBJECT
    width = glyphs.width
    fonts: dict[int, _Font] = {}
    out: list[RawWord] = []
    # The word being read: its characters' text and box, and its last character's box.
    chars: list[str] = []
    w_x0 = w_x1 = w_top = w_bottom = 0.0
    last_x0 = last_x1 = last_top = last_bottom = 0.0
    first: tuple[float, float, str, bool] = (0.0, 0.0, "", True)   # baseline, size, font, upright
    last_object = 0
    # The last character's index, and whether its end may be asked of pdfium
    # (`glyph_end`): upright, and not a ligature's second letter.
    last_i, last_fix = -1, False
    font = _NO_FONT
    gap = False            # pdfium put a space of its own between this character and the last

    def glyph_end(index: int) -> float:
        """Where the glyph of character `index` ends, by pdfium's box of the
        glyph drawn. The widths looked up by character are those of the
        font's default glyph for it, and a figure style or a stylistic set
        (Inter's chapter numbers) draws another, of another width: before a
        word is split at a gap, the gap is measured again with this."""
        raw.FPDFText_GetLooseCharBox(tp, index, rect)
        return float(rect.right)

    for i in range(count):
        char = text[i]
        if char.isspace():
            # What pdfium adds of its own (spaces, line ends) is white space too.
            if generated(handle, i):
                gap = True
                continue
            if chars:
                out.append(RawWord("".join(chars), w_x0, w_x1, w_top, w_bottom, *first))
                chars.clear()
            gap = False
            continue
        address = text_object(handle, i)
        origin(handle, i, pox, poy)
        x, y = ox.value, oy.value
        if address == last_object and font.simple and chars and char not in _HYPHENS:
            # The next glyph of the same text object (one font, one size, upright):
            # only whether it follows on is in question.
            advance = font.widths.get(char)
            if advance is None:
                advance = font.widths[char] = width(font, ord(char))
            if advance is not None and advance > 0:
                top = top_y - y - font.above
                if not (x < last_x0 or x > last_x1 + X_TOLERANCE or abs(top - last_top) > Y_TOLERANCE):
                    # A ligature (ﬀ, ﬁ) is one glyph that pdfium gives as its
                    # letters, all at the glyph's origin: each letter after the
                    # first follows the one before, or the glyph's box falls
                    # short and the next letter seems to start a new word.
                    x1 = (last_x1 if x == last_x0 else x) + font.matrix[0] * advance
                    if x1 > w_x1:
                        w_x1 = x1
                    if top < w_top:
                        w_top = top
                    bottom = top_y - y - font.below
                    if bottom > w_bottom:
                        w_bottom = bottom
                    chars.append(LIGATURES.get(char, char))
                    last_i, last_fix = i, x != last_x0
                    last_x0, last_x1, last_top, last_bottom = x, x1, top, bottom
                    gap = False
                    continue
        known = fonts.get(address)
        if known is None:
            known = fonts[address] = glyphs.font(address, tp, i)
        font = known
        a, b, c, d = font.matrix
        if char in _HYPHENS:
            char, advance = "-", None
        else:
            advance = font.widths.get(char)
            if advance is None:
                advance = font.widths[char] = width(font, ord(char))
        if advance is None or advance <= 0:
            raw.FPDFText_GetLooseCharBox(tp, i, rect)
            advance = (rect.right - x) / a if a else 0.0
        upright = font.upright
        if font.simple:
            x0, x1 = x, x + a * advance
            top, bottom = top_y - y - font.above, top_y - y - font.below
            size = font.em
        else:
            # The em box (0, descent)–(advance, descent + size) in text space, on the page.
            lo, hi = font.descent, font.descent + font.size
            xs = (c * lo, a * advance + c * lo, c * hi, a * advance + c * hi)
            ys = (d * lo, b * advance + d * lo, d * hi, b * advance + d * hi)
            x0, x1 = x + min(xs), x + max(xs)
            top, bottom = top_y - y - max(ys), top_y - y - min(ys)
            size = max(ys) - min(ys)          # pdfminer's: the height of the box
        if chars:
            if first[1] != size or first[2] != font.name or first[3] != upright:
                new = True
            elif gap and address != last_object:
                # A space that pdfium made up where one text object ends and the
                # next begins stands for the space the content drew there.
                new = True
            elif upright:
                if x0 > last_x1 + X_TOLERANCE and last_fix:
                    last_x1 = glyph_end(last_i)      # a gap, or a glyph wider than looked up?
                new = x0 < last_x0 or x0 > last_x1 + X_TOLERANCE or abs(top - last_top) > Y_TOLERANCE
            else:
                new = top < last_top or top > last_bottom + Y_TOLERANCE or abs(x0 - last_x0) > X_TOLERANCE
            if new:
                out.append(RawWord("".join(chars), w_x0, w_x1, w_top, w_bottom, *first))
                chars.clear()
        if not chars:
            w_x0, w_x1, w_top, w_bottom = x0, x1, top, bottom
            first = (top_y - y, size, font.name, upright)
        else:
            if x0 < w_x0:
                w_x0 = x0
            if x1 > w_x1:
                w_x1 = x1
            if top < w_top:
                w_top = top
            if bottom > w_bottom:
                w_bottom = bottom
        chars.append(LIGATURES.get(char, char))
        last_i, last_fix = i, font.simple
        last_x0, last_x1, last_top, last_bottom = x0, x1, top, bottom
        last_object = address
        gap = False
    if chars:
        out.append(RawWord("".join(chars), w_x0, w_x1, w_top, w_bottom, *first))
    return out


# -- drawings and images ------------------------------------------------------------------------

@dataclass(slots=True)
class RawImage:
    """An image as placed on the page: its box, its size in pixels, and why
    it cannot be decoded (None when it can)."""

    x0: float
    top: float
    x1: float
    bottom: float
    width: int
    height: int
    error: str | None = None


@dataclass(slots=True)
class PageObjects:
    graphics: list[tuple[float, float, float, float]]     # x0, top, x1, bottom
    images: list[RawImage]


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def page_objects(page: pdfium.PdfPage, top_y: float, *, decode: bool = True) -> PageObjects:
    """The boxes of a page's drawings (paths, shadings) and images, those of
    its forms included; with `decode`, each image is decoded as a renderer
    would, and one that cannot be is said so."""
    out = PageObjects([], [])
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    edges = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    count = raw.FPDFPage_CountObjects(page)
    for obj, matrix in _walk([raw.FPDFPage_GetObject(page, i) for i in range(count)], _IDENTITY):
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_SHADING, raw.FPDF_PAGEOBJ_IMAGE):
            continue
        if not raw.FPDFPageObj_GetBounds(obj, *edges):
            continue
        x0, y0, x1, y1 = _transform(matrix, left.value, bottom.value, right.value, top.value)
        box = (x0, top_y - y1, x1, top_y - y0)
        out.graphics.append(box)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            w, h = ctypes.c_uint(), ctypes.c_uint()
            raw.FPDFImageObj_GetImagePixelSize(obj, w, h)
            image = RawImage(*box, w.value, h.value)
            if decode:
                image.error = _decode_error(obj, page, w.value, h.value)
            out.images.append(image)
    return out


def _walk(objects: list[object], matrix: _Matrix) -> Iterator[tuple[object, _Matrix]]:
    """Each object with the matrix from its space to the page's: the
    objects of a form are in the form's space."""
    for obj in objects:
        yield obj, matrix
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
            children = [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))]
            yield from _walk(children, inner)


def _compose(m: _Matrix, n: _Matrix) -> _Matrix:
    """m, then n (PDF's row-vector convention: m × n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _transform(m: _Matrix, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    if m == _IDENTITY:
        return x0, y0, x1, y1
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def _jpeg_error(data: bytes) -> str | None:
    """Why a JPEG cannot be decoded whole, or None: Pillow (libjpeg too) is
    told not to make do with what it has."""
    from PIL import Image, ImageFile

    if not data.rstrip(b"\0\r\n ").endswith(b"\xff\xd9"):
        return "its JPEG data stops short (no end-of-image marker)"
    try:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, SyntaxError, ValueError) as e:
        return f"its JPEG data is damaged ({e})"
    return None


def _decode_error(obj: object, page: pdfium.PdfPage, width: int, height: int) -> str | None:
    """Why the image cannot be decoded, or None.

    pdfium draws what it can of a damaged image and says nothing, so it is
    asked twice: for the image as a bitmap (it gives none when the image's
    codec, JPEG say, fails), and for the data its filters decode to (Flate
    that stops short gives fewer bytes than the image's rows need)."""
    bitmap = raw.FPDFImageObj_GetBitmap(obj)
    if not bitmap:
        return "its image data cannot be decoded"
    raw.FPDFBitmap_Destroy(bitmap)
    filters = []
    name = ctypes.create_string_buffer(64)
    for i in range(raw.FPDFImageObj_GetImageFilterCount(obj)):
        length = raw.FPDFImageObj_GetImageFilter(obj, i, name, len(name))
        filters.append(name.raw[:max(0, length - 1)].decode("ascii", "replace"))
    if filters and filters[-1] == "DCTDecode":
        # libjpeg, in pdfium, draws what it can of a JPEG cut short, in grey.
        size = raw.FPDFImageObj_GetImageDataRaw(obj, None, 0)
        data = (ctypes.c_ubyte * size)()
        raw.FPDFImageObj_GetImageDataRaw(obj, data, size)
        return _jpeg_error(bytes(data))
    if filters and filters[-1] in IMAGE_CODECS:
        return None            # decoded by its codec, which the bitmap above went through
    metadata = raw.FPDF_IMAGEOBJ_METADATA()
    if not raw.FPDFImageObj_GetImageMetadata(obj, page, metadata) or not metadata.bits_per_pixel:
        return None
    needed = (width * metadata.bits_per_pixel + 7) // 8 * height
    got = raw.FPDFImageObj_GetImageDataDecoded(obj, None, 0)
    if got < needed:
        return f"its data decodes to {got} bytes of the {needed} its {width}×{height} pixels need"
    return None
