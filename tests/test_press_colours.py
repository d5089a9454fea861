"""The press edition's colour conversion of SVG figures, function by
function: their colours become ``device-cmyk()``. (Raster images are
tested in test_press_images.py, the whole press PDF in test_variants.py.)"""

from __future__ import annotations

import re

import pytest

from brief.variants.press import svg_to_cmyk, to_cmyk


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


def test_only_svg_is_converted_as_it_is_fetched() -> None:
    """Raster images are converted after the layout, in the PDF, to the
    output intent's CMYK (test_press_images.py); other files stay as they are."""
    from pathlib import Path
    assert to_cmyk(Path("x.css"), b"p { color: red }") is None
    assert to_cmyk(Path("x.png"), b"\x89PNG") is None
    assert b"device-cmyk" in (to_cmyk(Path("x.SVG"), b'<svg fill="none"><rect fill="#000"/></svg>') or b"")
