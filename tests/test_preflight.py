"""The preflight's renderer (brief.check.rendering, brief.check.pdfium):
every page drawn by pdfium, every image and stream decoded; a damaged one
is an error on its page, a page that holds next to nothing a warning. And
the blank pages that pad the press edition, added to the finished file.

The damaged files are made from good ones with pypdf, as a bad disk or a
broken upload would leave them; poppler (pdftoppm), a renderer we did not
write, confirms that they are damaged where it can tell."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
import weasyprint
from PIL import Image
from pypdf.generic import BooleanObject, NameObject, NumberObject

from brief.check import NEAR_EMPTY, check_pdf
from brief.cli import main
from brief.finish.pages import mark_named_pages, pad

ROOT = Path(__file__).resolve().parent.parent
FONTS = (ROOT / "styles" / "fonts").as_uri()
CSS = f"""
@font-face {{ font-family: T; src: url({FONTS}/CharisSIL-Regular.ttf); }}
@page {{ size: A4; margin: 24mm 18mm 22mm 18mm; }}   /* brief.css's type area, which the check measures */
html {{ font: 9pt/12pt T; }}
body {{ margin: 0; }}
p {{ margin: 0 0 6pt; text-align: justify; }}
.page {{ break-before: page; }}
img {{ display: block; width: 60mm; }}
"""
TEXT = "The quick brown fox jumps over the lazy dog, and the dog sleeps on. " * 12
#: A cover, a full page, a page with an image on it, and a last page of one line.
BODY = (f"<p>The cover</p><div class='page'>{('<p>' + TEXT + '</p>') * 5}</div>"
        f"<div class='page'><p>{TEXT}</p><img src='{{image}}'><p>{TEXT}</p></div>"
        "<p class='page'>One line on the last page.</p>")


def make_pdf(folder: Path, image: str) -> bytes:
    html = f"<!DOCTYPE html><html lang='en'><body>{BODY.format(image=image)}</body></html>"
    return weasyprint.HTML(string=html, base_url=str(folder) + "/").write_pdf(
        stylesheets=[weasyprint.CSS(string=CSS)])


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PNG (written as a Flate image) and a JPEG (kept as DCT), of 900×600 px."""
    folder = tmp_path_factory.mktemp("images")
    picture = Image.new("RGB", (900, 600))
    picture.putdata([(x % 256, (x * y) % 256, y % 256) for y in range(600) for x in range(900)])
    picture.save(folder / "chart.png")
    picture.save(folder / "photo.jpg", quality=90)
    return folder


def damaged(pdf: bytes, spoil) -> bytes:
    """`pdf` with `spoil(stream)` applied to the data of each of its image streams."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    done = set()
    for page in writer.pages:
        xobjects = page["/Resources"].get_object().get("/XObject")
        for ref in (xobjects.get_object().values() if xobjects else []):
            image = ref.get_object()
            if image.get("/Subtype") == "/Image" and ref.idnum not in done:
                done.add(ref.idnum)
                image._data = spoil(image._data)
                image[NameObject("/Length")] = NumberObject(len(image._data))
    assert done, "the PDF has an image to damage"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cut(data: bytes) -> bytes:
    return data[: len(data) // 3]


def scramble(data: bytes) -> bytes:
    rng = random.Random(7)
    return data[:300] + bytes(rng.randrange(256) for _ in range(len(data) - 300))


def brief_check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check", str(path)])
    return status, capsys.readouterr().out


def poppler_errors(path: Path) -> str | None:
    """What pdftoppm says on stderr as it draws the file (None without poppler)."""
    if not shutil.which("pdftoppm"):
        return None
    result = subprocess.run(["pdftoppm", "-r", "10", "-png", str(path), str(path.with_suffix(""))],
                            capture_output=True, text=True)
    return result.stderr


@pytest.mark.parametrize("image,spoil", [("chart.png", cut), ("chart.png", scramble), ("photo.jpg", cut),
                                         ("photo.jpg", scramble)],
                         ids=["flate-cut", "flate-scrambled", "jpeg-cut", "jpeg-scrambled"])
def test_an_image_that_cannot_be_decoded_is_an_error_on_its_page(
        images: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], image: str, spoil) -> None:
    good = make_pdf(images, image)
    assert [p.code for p in check_pdf(good) if p.severity == "error"] == []
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged(good, spoil))
    status, out = brief_check(path, capsys)
    assert status == 1
    errors = [line for line in out.splitlines() if "error:" in line]
    assert errors and all("[damaged-stream]" in line for line in errors), out
    assert errors[0].startswith(f"{path}, page 3: error: an image of 900×600 px cannot be decoded"), out
    if image.endswith(".png"):
        said = poppler_errors(path)
        if said is None:
            pytest.skip("pdftoppm (poppler-utils) is installed by make setup")
        assert "flate" in said.lower(), "poppler finds the Flate stream damaged too"


def test_a_page_whose_content_cannot_be_decoded_is_an_error(images: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(images, "chart.png"))))
    content = writer.pages[1]["/Contents"].get_object()
    content._data = cut(content._data)
    path = tmp_path / "damaged.pdf"
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    status, text = brief_check(path, capsys)
    assert status == 1
    assert f"{path}, page 2: error: the page's content cannot be decoded" in text
    said = poppler_errors(path)
    if said is not None:
        assert "flate" in said.lower()


def test_a_page_that_holds_next_to_nothing_is_a_warning(images: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The last page holds one line: a warning (the check passes). The cover,
    a full page and a page with an image are not near-empty."""
    path = tmp_path / "short.pdf"
    path.write_bytes(make_pdf(images, "chart.png"))
    status, out = brief_check(path, capsys)
    assert status == 0
    assert out.splitlines()[0].startswith(f"{path}, page 4: warning: the page is only ")
    assert "[near-empty-page]" in out and "0 errors, 1 warning" in out
    problems = check_pdf(path, min_fill=NEAR_EMPTY)
    assert [(p.code, p.page) for p in problems] == [("near-empty-page", 4)]
    assert check_pdf(path) == [], "only asked for: a short page is no fault in any PDF"


def test_intended_and_designed_pages_are_not_near_empty(images: Path) -> None:
    """A blank added on purpose (/BriefBlank), or a page laid out on a named
    page of its own design (the back cover, /BriefPage), holds what it is
    meant to hold."""
    for mark in (lambda page: page.__setitem__(NameObject("/BriefBlank"), BooleanObject(True)),
                 lambda page: page.__setitem__(NameObject("/BriefPage"), NameObject("/back"))):
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(images, "chart.png"))))
        mark(writer.pages[3])
        out = io.BytesIO()
        writer.write(out)
        assert check_pdf(out.getvalue(), min_fill=NEAR_EMPTY) == []


def test_the_sample_is_filled_page_after_page(sample_build) -> None:
    """The build's preflight measures each page as drawn: the sample's pages
    are full enough, the cover, the press edition's blanks and back cover
    included; only a last page may hold little (the colophon alone)."""
    for (lang, variant), output in sample_build.items():
        near = [p.page for p in output.problems if p.code == "near-empty-page"]
        assert set(near) <= {output.pages}, (lang, variant, near)
        if variant == "press":
            assert near == [], "the press edition's last page is its back cover"


# -- the blank pages of the press edition ---------------------------------------------------------

def test_blank_pages_go_before_the_back_cover_with_its_boxes(images: Path) -> None:
    bleed = "@page { bleed: 3mm; }"
    html = "<!DOCTYPE html><html><body><p>Cover</p><p class='page'>Two</p><p class='page'>Back</p></body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=CSS + bleed)])
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    back = writer.pages[2]
    boxes = {box: [float(v) for v in back[box]] for box in ("/MediaBox", "/TrimBox", "/BleedBox")}
    mark_named_pages(writer, [None, None, "back"])      # as the build does: marks first, then blanks
    assert pad(writer, 4) == [2]
    assert pad(writer, 4) == [], "a multiple of four already"
    out = io.BytesIO()
    writer.write(out)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 4
    blank, last = reader.pages[2], reader.pages[3]
    assert blank.get("/BriefBlank") and not blank.extract_text().strip()
    assert {box: [float(v) for v in blank[box]] for box in boxes} == boxes
    assert "Back" in last.extract_text() and last["/BriefPage"] == "/back"
    assert [(p.code, p.page) for p in check_pdf(out.getvalue(), min_fill=NEAR_EMPTY)
            if p.code in ("blank-page", "near-empty-page")] == [("near-empty-page", 2)]


# -- the words, as another reader reads them ------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_words_are_those_pdfplumber_reads(sample_pdfs: dict[str, Path], lang: str) -> None:
    """The preflight reads the words of a page with pdfium, by the rules of
    pdfplumber (pdfminer's em boxes, 3 pt tolerances, a new word where the
    font or the size changes), which it used to read them with: on every
    page of the sample, the same words in the same order (ligatures
    included), their boxes within a tenth of a point. Two differences are
    allowed: words set without a space between them (a figure's labels,
    placed one by one) that pdfplumber runs together, and pdfium tells
    apart by the gap; and the right edge of display figures (the chapter
    numbers, in Inter's alternate figures), which pdfium measures with the
    width of the default figure, within a fifth of their size."""
    import difflib

    import pdfplumber
    import pypdfium2 as pdfium

    from brief.check.pdfium import Glyphs, words
    path = sample_pdfs[lang]
    document = pdfium.PdfDocument(path)
    glyphs = Glyphs()
    compared = 0
    with pdfplumber.open(path) as plumber:
        for number, (page, other) in enumerate(zip(document, plumber.pages, strict=True), start=1):
            read = words(page, page.get_height(), glyphs)
            ours = [(w.text, w.x0, w.top, w.x1, w.bottom) for w in read]
            sizes = [w.size for w in read]
            theirs = [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
                      for w in other.extract_words(x_tolerance=3, y_tolerance=3, use_text_flow=True,
                                                   extra_attrs=["fontname", "size"])]
            a, b = [w[0] for w in ours], [w[0] for w in theirs]
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            for op, i0, i1, j0, j1 in matcher.get_opcodes():
                if op == "equal":
                    for mine, plumbed, size in zip(ours[i0:i1], theirs[j0:j1], sizes[i0:i1], strict=True):
                        right = 0.2 * size if size > 30 and mine[0].isdigit() else 0.1
                        assert mine[1:3] + mine[4:] == pytest.approx(plumbed[1:3] + plumbed[4:], abs=0.1) \
                            and mine[3] == pytest.approx(plumbed[3], abs=right), f"page {number}: {mine[0]}"
                    compared += i1 - i0
                else:
                    assert op == "replace" and "".join(a[i0:i1]).replace(" ", "") == "".join(b[j0:j1]) \
                        and i1 - i0 > j1 - j0, f"page {number}: {a[i0:i1]} against pdfplumber's {b[j0:j1]}"
    document.close()
    assert compared > 3000
