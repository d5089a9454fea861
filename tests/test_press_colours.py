"""The press edition's colour conversion, function by function: SVG
colours become ``device-cmyk()``, raster images become CMYK images, with
transparency flattened on the paper's white. (The whole press PDF is
tested in test_variants.py.)"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from brief.variants.press import raster_to_cmyk, svg_to_cmyk, to_cmyk


def cmyk_values(svg: bytes) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in m.split()) for m in re.findall(r"device-cmyk\(([^)]*)\)", svg.decode())]


@pytest.mark.parametrize("colour,expected", [
    ("#000000", (0, 0, 0, 1)), ("#fff", (0, 0, 0, 0)), ("#ff0000", (0, 1, 1, 0)),
    ("rgb(0, 0, 255)", (1, 1, 0, 0)), ("#0b6e69", (0.9, 0.0, 0.045, 0.569)),
])
def test_svg_colours_become_device_cmyk(colour: str, expected: tuple[float, ...]) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" fill="none"><rect fill="{colour}"/></svg>'.encode()
    out = svg_to_cmyk(svg)
    assert colour.encode() not in out
    assert cmyk_values(out) == [pytest.approx(expected, abs=0.001)]


def test_svg_black_and_white_keywords_and_the_default_fill() -> None:
    """``fill="black"`` is the printer's black, and an SVG that names no fill
    (black by default) gets it on its root."""
    out = svg_to_cmyk(b'<svg xmlns="http://www.w3.org/2000/svg"><text fill="white">a</text><text>b</text></svg>')
    assert out.startswith(b'<svg fill="device-cmyk(0 0 0 1)"')
    assert b'fill="device-cmyk(0.000 0.000 0.000 0.000)"' in out


def png(mode: str, colour: object, size: tuple[int, int] = (4, 4), **info: object) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, colour).save(buf, "PNG", **info)
    return buf.getvalue()


@pytest.mark.parametrize("mode,colour,looks", [
    ("RGB", (220, 20, 20), (220, 20, 20)),
    ("RGBA", (0, 0, 0, 0), (255, 255, 255)),       # transparent: the paper shows
    ("L", 0, (0, 0, 0)),
    ("L", 255, (255, 255, 255)),
    ("P", 2, (0, 0, 255)),                          # a palette image (index 2: blue)
])
def test_raster_images_become_cmyk_that_look_the_same(mode: str, colour: object,
                                                      looks: tuple[int, ...]) -> None:
    """The image is CMYK, and seen again on screen it is the colour it was
    (within what a conversion to print colours may shift)."""
    data = png(mode, colour) if mode != "P" else palette_png(colour)
    with Image.open(io.BytesIO(raster_to_cmyk(data))) as im:
        assert im.mode == "CMYK"
        seen = im.convert("RGB").getpixel((1, 1))
    assert seen == pytest.approx(looks, abs=40), seen


def palette_png(index: object) -> bytes:
    im = Image.new("P", (4, 4), index)
    im.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 759)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_raster_conversion_keeps_the_resolution() -> None:
    with Image.open(io.BytesIO(raster_to_cmyk(png("RGB", (0, 0, 0), dpi=(300, 300))))) as im:
        assert round(im.info["dpi"][0]) == 300


def test_only_images_are_converted() -> None:
    from pathlib import Path
    css = b"p { color: red }"
    assert to_cmyk(Path("x.css"), css) == css
    assert to_cmyk(Path("x.SVG"), b'<svg fill="none"><rect fill="#000"/></svg>') != b'<svg fill="none"><rect fill="#000"/></svg>'
