"""Helpers shared by the tests: reading a brief's PDF and HTML back.

Expectations are derived from the *source* (the model that `brief.load`
builds, and what the model says of it: its outline, its marks), never from
an earlier run; these helpers only turn what the PDF or the HTML shows into
comparable text.
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import cssselect2
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import tinyhtml5
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from brief import markup, model
from brief.measure import MM

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = ROOT / "styles" / "brief.css"
FONTS = ROOT / "styles" / "fonts"
__all__ = ["MM"]

# Typography turns straight quotes into curly ones (and French ones); the
# tests compare words, not quote shapes.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"'})


def normalize(text: str) -> str:
    """PDF or model text as comparable words: hyphenation at line ends undone,
    quotes straightened, every run of white space one space."""
    text = re.sub(r"[\u2010\u00ad]\n", "", text)   # a word broken by hyphenation
    text = re.sub(r"-\n", "-", text)               # a line broken after a real hyphen
    text = text.translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def plain(markdown: str) -> str:
    """The words of an inline Markdown text as they are printed, comparable
    with PDF text (`brief.markup.plain_text`, tested on its own, then
    normalized)."""
    return normalize(markup.plain_text(markdown))


def first_words(markdown: str, n: int = 6) -> str:
    """The first `n` words of a text as printed (enough to find it, short
    enough not to cross a page)."""
    return " ".join(plain(markdown).split()[:n])


def squeeze(text: str) -> str:
    """Text without any white space, to compare strings whose spacing the PDF
    does not keep (no-break spaces, word gaps)."""
    return re.sub(r"\s+", "", normalize(text))


# -- the model ---------------------------------------------------------------

@dataclass
class Heading:
    """A chapter or section heading as the reader should see it."""

    title: str          # plain text
    number: str | None  # "2", "2.1" or None
    level: int          # 1 chapter, 2 section


def headings(brief: model.Brief) -> list[Heading]:
    """The headings of the brief's outline (numbered by the model, whose
    numbering the source fixtures test), as plain text."""
    out: list[Heading] = []
    for entry in brief.outline():
        number = str(entry.number) if entry.number else None
        out.append(Heading(plain(entry.chapter.title), number, 1))
        out += [Heading(plain(s.section.title), s.number, 2) for s in entry.sections]
    return out


def numbered_notes(brief: model.Brief) -> list[model.Note]:
    """The numbered (non-symbol) notes in the order of their first call."""
    seen: dict[str, None] = {}
    for label in brief.calls():
        if not label.startswith("*") and label in brief.notes:
            seen.setdefault(label)
    return [brief.notes[label] for label in seen]


def symbol_notes(brief: model.Brief) -> list[tuple[model.Note, str]]:
    """The symbol notes with their marks: *, **, *** in the order of first call."""
    seen: dict[str, None] = {}
    for label in brief.calls():
        if label.startswith("*") and label in brief.notes:
            seen.setdefault(label)
    return [(brief.notes[label], "*" * i) for i, label in enumerate(seen, 1)]


# -- the PDF -----------------------------------------------------------------

@functools.cache
def page_texts(path: Path) -> list[str]:
    """The extracted text of each page (read once per session: the PDFs of
    the session build do not change)."""
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def strip_margins(text: str, page_number: int) -> tuple[str, list[str]]:
    """Split a page's extracted text into its body and its last two lines
    (running head, folio). WeasyPrint writes the page-margin boxes after the
    body, so they come last."""
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines[:-2]), lines[-2:]


@dataclass
class Call:
    """A note call as printed: its mark and where."""

    page: int   # 0-based
    mark: str
    x0: float
    top: float


@functools.cache
def printed_note_calls(path: Path) -> list[Call]:
    """The note calls of a PDF, in the order the content streams draw them
    (read once per session, with pdfium: a renderer, not our checks).

    brief.css sets calls (``.note-call``, ``::footnote-call``) in Inter at
    weight 600 and 0.62 em: "Inter-Semi-Bold" at less than 7 pt (the body is
    at most 10.4 pt). The only other semi-bold text, the running head, is
    7 pt. A call is a run of digits or of asterisks set side by side."""
    calls: list[Call] = []
    document = pdfium.PdfDocument(path)
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    matrix = pdfium_raw.FS_MATRIX()
    box = pdfium_raw.FS_RECTF()
    try:
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            text = pdfium_raw.FPDFText_LoadPage(page)
            current: dict | None = None
            for i in range(pdfium_raw.FPDFText_CountChars(text)):
                char = chr(pdfium_raw.FPDFText_GetUnicode(text, i))
                if not (char.isdigit() or char == "*") or pdfium_raw.FPDFText_IsGenerated(text, i):
                    continue
                pdfium_raw.FPDFText_GetMatrix(text, i, matrix)
                size = pdfium_raw.FPDFText_GetFontSize(text, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                length = pdfium_raw.FPDFText_GetFontInfo(text, i, name, len(name), flags)
                font = name.raw[:max(0, length - 1)].decode("utf-8", "replace")
                if "Semi-Bold" not in font or size >= 6.9:
                    continue
                pdfium_raw.FPDFText_GetLooseCharBox(text, i, box)
                ch = {"text": char, "x0": box.left, "x1": box.right, "top": height - box.top}
                if (current is not None and abs(ch["top"] - current["top"]) < 0.5
                        and abs(ch["x0"] - current["x1"]) < 1.0
                        and ch["text"].isdigit() == current["text"][-1].isdigit()):
                    current["text"] += ch["text"]
                    current["x1"] = ch["x1"]
                    continue
                if current is not None:
                    calls.append(Call(index, current["text"], current["x0"], current["top"]))
                current = ch
            if current is not None:
                calls.append(Call(index, current["text"], current["x0"], current["top"]))
            pdfium_raw.FPDFText_ClosePage(text)
            page.close()
    finally:
        document.close()
    return calls


def link_annotations(reader: PdfReader) -> list[tuple[int, str, list[float]]]:
    """Internal links as (page index, destination name, rectangle), page by page."""
    out = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
                dest = annot["/A"].get("/D")
            if isinstance(dest, str):
                out.append((index, str(dest), [float(v) for v in annot["/Rect"]]))
    return out


# -- ink ---------------------------------------------------------------------
#
# pdfplumber's box of a glyph is its em box: from the font's descent to one
# em above it. Where line-height is smaller than the font's ascent + descent
# (Charis at 9.1/12.9 pt), that box reaches below the line box, so a line
# that fits the page exactly seems to cross the bottom margin. Whether text
# stands in a margin is a question about ink: the glyph's outline, read from
# the font files the PDF was made with (styles/fonts).

def _font_key(name: str) -> str:
    """A PDF font name ("ABCDEF+Inter-Semi-Bold") or a font file's PostScript
    name ("Inter-SemiBold") reduced to one comparable key."""
    key = re.sub(r"[^a-z]", "", name.split("+")[-1].lower())
    key = key.replace("sil", "").replace("regular", "")
    return key.replace("ultra", "extra").replace("heavy", "black")


@functools.cache
def _project_fonts() -> dict[str, TTFont]:
    fonts = {}
    for path in sorted(FONTS.glob("*.[ot]tf")):
        font = TTFont(path)
        fonts[_font_key(font["name"].getDebugName(6))] = font
    return fonts


@functools.cache
def _glyph_bounds(key: str, char: str) -> tuple[float, float, float, float] | None | bool:
    """The outline bounds of `char` in font units divided by units per em;
    None for a glyph without ink, False when the font is not a project font."""
    font = _project_fonts().get(key)
    if font is None or len(char) != 1:
        return False
    name = font.getBestCmap().get(ord(char))
    if name is None:
        return False
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[name].draw(pen)
    if pen.bounds is None:
        return None
    upem = font["head"].unitsPerEm
    x0, y0, x1, y1 = pen.bounds
    return x0 / upem, y0 / upem, x1 / upem, y1 / upem


def ink_box(word: dict, page_height: float) -> tuple[float, float, float, float] | None:
    """(x0, top, x1, bottom) of the ink of a word from ``extract_words(return_chars=True)``,
    in pdfplumber's coordinates; None if the word has no ink. A glyph of a
    font that is not a project font counts with its em box."""
    boxes = []
    for ch in word["chars"]:
        bounds = _glyph_bounds(_font_key(ch["fontname"]), ch["text"])
        if bounds is None:
            continue
        if bounds is False:
            boxes.append((ch["x0"], ch["top"], ch["x1"], ch["bottom"]))
            continue
        size, x, base = ch["size"], ch["matrix"][4], page_height - ch["matrix"][5]
        boxes.append((x + bounds[0] * size, base - bounds[3] * size,
                      x + bounds[2] * size, base - bounds[1] * size))
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


# -- the stylesheet ----------------------------------------------------------

def _length(value: str) -> float:
    """A CSS length in points (mm, pt or 0)."""
    m = re.fullmatch(r"(-?[\d.]+)(mm|pt|)", value.strip())
    assert m, f"cannot read the CSS length {value!r}"
    number, unit = float(m.group(1)), m.group(2)
    return number * MM if unit == "mm" else number


def _box(value: str) -> tuple[float, float, float, float]:
    """A CSS margin shorthand as (top, right, bottom, left) in points."""
    parts = [_length(v) for v in value.split()]
    while len(parts) < 4:
        parts.append(parts[{1: 0, 2: 0, 3: 1}[len(parts)]])
    return parts[0], parts[1], parts[2], parts[3]


def page_margins() -> tuple[float, float, float, float]:
    """The margins of ``@page`` in styles/brief.css, in points."""
    css = STYLESHEET.read_text(encoding="utf-8")
    m = re.search(r"@page\s*\{[^@}]*?margin:\s*([^;]+);", css)
    assert m, "brief.css has no @page margin"
    return _box(m.group(1))


def rule_margin(selector: str) -> tuple[float, float, float, float]:
    """The ``margin`` of a rule of styles/brief.css, in points."""
    css = STYLESHEET.read_text(encoding="utf-8")
    m = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert m, f"brief.css has no rule {selector}"
    decl = re.search(r"(?:^|;)\s*margin:\s*([^;]+)", m.group(1))
    return _box(decl.group(1)) if decl else (0.0, 0.0, 0.0, 0.0)


# -- HTML ----------------------------------------------------------------------

def html_root(source: str) -> cssselect2.ElementWrapper:
    """An HTML document, parsed the way WeasyPrint parses it, to query with CSS."""
    return cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(source))


def text_of(element: cssselect2.ElementWrapper) -> str:
    return normalize("".join(element.etree_element.itertext()))
