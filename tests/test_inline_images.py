"""An image inside a sentence stays in its line, and one without alt text
is reported once, by brief, with its line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image

import brief
from brief import Options, build, check


def boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


def write(tmp_path: Path, body: str) -> Path:
    Image.new("RGB", (800, 600), "red").save(tmp_path / "groot.png")
    path = tmp_path / "b.md"
    path.write_text("---\ntitle: Beeld\nlang: nl\n---\n\n# Hoofdstuk\n\n" + body, encoding="utf-8")
    return path


def test_inline_image_is_no_taller_than_its_line(tmp_path: Path) -> None:
    b = brief.load(write(tmp_path, "Zie ![rood vlak](groot.png) hier, in de zin.\n"))
    document = build.pages(b, build.variant("screen"), Options())
    images = [bx for page in document.pages for bx in boxes(page._page_box) if bx.element_tag == "img"]
    assert len(images) == 1
    img = images[0]
    line_height = img.style["font_size"]
    assert img.height <= 1.5 * line_height
    paragraph = next(bx for page in document.pages for bx in boxes(page._page_box) if bx.element_tag == "p")
    assert img.width <= paragraph.width


def test_missing_alt_of_an_inline_image_is_reported_once(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, "Tekst.\n\nZie ![](groot.png) hier.\n")
    b = brief.load(path)
    problems = check.check_figures(b)
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "![](" in text)
    assert [(p.code, p.file, p.line) for p in problems] == [("missing-alt", str(path), line)]
    with caplog.at_level(logging.INFO):
        b.write_pdf(tmp_path / "b.pdf", check=False)
    assert not any("alt" in r.getMessage() for r in caplog.records if r.name.startswith("weasyprint"))
