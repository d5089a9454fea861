"""The press edition prints every picture: raster images of each kind
(PNG with and without alpha, JPEG, greyscale, palette, 16-bit) come out in
CMYK and render in poppler (pdftoppm), pdfium and Ghostscript as they do in
the screen edition; and the file holds nothing a print shop's preflight
rejects (annotations, a PDF/X version only in XMP)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from every_block import FIXTURE
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from pypdf.generic import StreamObject

import brief
from brief.layout import raster_for_layout

DPI = 50
RASTERS = sorted(p.name for p in FIXTURE.parent.iterdir() if p.suffix in (".png", ".jpg"))
#: Mean difference per RGB channel (0-255) between a picture in the screen
#: edition and in the press edition, rendered by the same program. The
#: conversion to the press profile and back moves colours by up to about 20;
#: a blank, inverted or garbled picture differs by 60 and more.
TOLERANCE = 40


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    """A brief holding the fixture's raster pictures, one a figure, the
    transparent one also in a tinted box; its screen and press editions."""
    folder = tmp_path_factory.mktemp("press-images")
    for name in RASTERS:
        shutil.copy(FIXTURE.parent / name, folder / name)
    figures = "\n\n".join(f"![{name}]({name})" for name in RASTERS)
    alpha = next(n for n in RASTERS if "alpha" in n)
    text = (f"---\ntitle: Pictures\nlang: en\n---\n\n# Pictures\n\n{figures}\n\n"
            f"::: box\n### In a box\n\n![{alpha} on a tint]({alpha})\n:::\n")
    path = folder / "pictures.md"
    path.write_text(text, encoding="utf-8")
    loaded = brief.load(path)
    return {variant: loaded.write_pdf(folder / f"pictures-{variant}.pdf", variant=variant, check=False)
            for variant in ("screen", "press")}


def placements(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """(page index, image name, box in points from the rendered page's top
    left) of every image drawn."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for index, page in enumerate(doc.pages):
            left, top = page.bbox[0], page.bbox[1]
            out += [(index, im["name"], (im["x0"] - left, im["top"] - top, im["x1"] - left, im["bottom"] - top))
                    for im in page.images]
    return out


def render_poppler(pdf: Path, folder: Path) -> list[Image.Image]:
    run = subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "p")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and not run.stderr.strip(), f"pdftoppm: {run.stderr}"
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("p-*.png"), key=_number)]


def render_pdfium(pdf: Path, folder: Path) -> list[Image.Image]:
    doc = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=DPI / 72).to_pil().convert("RGB") for page in doc]


def render_ghostscript(pdf: Path, folder: Path) -> list[Image.Image]:
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript is not installed (Debian: apt-get install ghostscript)")
    run = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", f"-r{DPI}",
                          f"-sOutputFile={folder / 'g-%d.png'}", str(pdf)], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stderr.strip(), f"Ghostscript: {run.stderr}{run.stdout}"
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("g-*.png"), key=_number)]


def _number(path: Path) -> int:
    return int(path.stem.rpartition("-")[2])


def region(page: Image.Image, box: tuple[float, float, float, float], inset: int = 3) -> Image.Image:
    x0, y0, x1, y1 = (round(v * DPI / 72) for v in box)
    return page.crop((x0 + inset, y0 + inset, x1 - inset, y1 - inset))


def ink(image: Image.Image) -> float:
    """The share of pixels that are not paper white."""
    histogram = image.convert("L").histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


@pytest.mark.parametrize("render", [render_poppler, render_pdfium, render_ghostscript],
                         ids=["pdftoppm", "pdfium", "ghostscript"])
def test_every_picture_prints_as_on_screen(editions, tmp_path, render) -> None:
    screen_at = placements(editions["screen"])
    press_at = placements(editions["press"])
    assert len(screen_at) == len(press_at) == len(RASTERS) + 1
    (tmp_path / "screen").mkdir()
    (tmp_path / "press").mkdir()
    screen = render(editions["screen"], tmp_path / "screen")
    press = render(editions["press"], tmp_path / "press")
    problems = []
    for (s_page, name, s_box), (p_page, p_name, p_box) in zip(screen_at, press_at, strict=True):
        assert name == p_name, "the same pictures, in the same order"
        expected = region(screen[s_page], s_box)
        printed = region(press[p_page], p_box).resize(expected.size)
        difference = max(ImageStat.Stat(ImageChops.difference(expected, printed)).mean)
        if ink(expected) < 0.1:
            problems.append(f"{name}: the screen edition shows no picture to compare with")
        elif ink(printed) < 0.8 * ink(expected) or difference > TOLERANCE:
            problems.append(f"{name} on press page {p_page + 1}: {ink(printed):.0%} ink "
                            f"(screen {ink(expected):.0%}), colours off by {difference:.0f}/255")
    assert problems == [], "\n".join(problems)


def test_press_images_are_cmyk_or_grey_with_their_transparency(editions) -> None:
    images = _images(PdfReader(editions["press"]))
    # Each picture once, however often it is drawn (pictures that come out the
    # same, a 16-bit PNG and its 8-bit twin, are one object).
    assert 0 < len(images) <= len(RASTERS)
    spaces = {str(im["/ColorSpace"]) for im in images}
    assert spaces <= {"/DeviceCMYK", "/DeviceGray"}, spaces
    masked = [im for im in images if "/SMask" in im]
    assert masked, "the PNG with alpha keeps its soft mask (PDF/X-4 allows transparency)"
    assert all(str(im["/SMask"].get_object()["/ColorSpace"]) == "/DeviceGray" for im in masked)


def _images(reader: PdfReader) -> list[StreamObject]:
    found: dict[int, StreamObject] = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = obj
    return list(found.values())


def test_press_file_has_no_annotations_and_names_its_standard(editions) -> None:
    reader = PdfReader(editions["press"])
    assert [i for i, p in enumerate(reader.pages, 1) if p.get("/Annots")] == []
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    assert reader.metadata["/Trapped"] == "/False"
    run = subprocess.run(["qpdf", "--check", str(editions["press"])], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


# -- what WeasyPrint is given --------------------------------------------------------------------------


def test_a_16_bit_grey_png_is_scaled_to_8_bits() -> None:
    data = (FIXTURE.parent / "chart-grey16.png").read_bytes()
    with Image.open(io.BytesIO(data)) as original:
        assert original.mode.startswith("I")
        darkest = original.getextrema()[0] / 257
    converted = Image.open(io.BytesIO(raster_for_layout(data)))
    assert converted.mode == "L"
    assert abs(converted.getextrema()[0] - darkest) <= 1


def test_a_cmyk_jpeg_is_rgb_on_screen_and_stays_cmyk_for_press() -> None:
    out = io.BytesIO()
    Image.new("CMYK", (8, 8), (0, 200, 200, 0)).save(out, "JPEG")
    assert raster_for_layout(out.getvalue(), cmyk_ok=True) is None
    rgb = Image.open(io.BytesIO(raster_for_layout(out.getvalue())))
    assert rgb.mode == "RGB"
    r, g, b = rgb.getpixel((4, 4))
    assert r > 150 and g < 100 and b < 120, "magenta and yellow make red"


@pytest.mark.parametrize("name", [n for n in RASTERS if n != "chart-grey16.png"])
def test_pictures_weasyprint_can_write_are_passed_as_they_are(name: str) -> None:
    """(A 48-bit PNG too: Pillow, and so WeasyPrint, reads it as 8-bit RGB.)"""
    assert raster_for_layout((FIXTURE.parent / name).read_bytes()) is None
