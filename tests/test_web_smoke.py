"""The browser the web tests rely on, checked on small pages made here:
each helper of tests/browser.py must see what it is for, and must be able
to fail (a page too wide, an image without a text alternative, a request to
another host)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import axe, follow, horizontal_overflow, serious

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1>
<p>A claim.<a id="call-1" href="#note-1">1</a></p>
<div style="height: 3000px"></div>
{extra}
<ol><li id="note-1">The source. <a href="#call-1">Back</a></li></ol>
<p><a href="other.html">Another page</a></p>
</main></body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve):
    folder: Path = tmp_path_factory.mktemp("smoke")
    (folder / "fine.html").write_text(PAGE.format(title="Fine", extra=""), encoding="utf-8")
    (folder / "bad.html").write_text(PAGE.format(
        title="Bad", extra='<div style="width: 600px">A fixed width</div>'
                          '<img src="fine.html"><img src="https://example.org/pixel.png" alt="">'),
        encoding="utf-8")
    (folder / "other.html").write_text(PAGE.format(title="Other", extra=""), encoding="utf-8")
    return serve(folder)


def test_a_fine_page_fits_passes_axe_and_its_links_are_followed(browser, site):
    page = browser.page(site.url("fine.html"), 390)
    try:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate("innerWidth") == width
            assert horizontal_overflow(page) == 0
        assert serious(axe(page, browser.axe_js)) == []
        page.set_viewport_size({"width": 390, "height": 900})
        assert follow(page, "#call-1").endswith("#note-1")
        assert page.evaluate("window.scrollY") > 1000
        assert follow(page, "#note-1 a").endswith("#call-1")
        assert page.evaluate("window.scrollY") < 1000
        assert follow(page, "a[href='other.html']").endswith("/other.html")
        assert page.title() == "Other"
    finally:
        page.context.close()


def test_a_bad_page_is_found_too_wide_inaccessible_and_reaching_out(browser, site):
    before = len(browser.foreign)
    page = browser.page(site.url("bad.html"), 390)
    try:
        assert browser.foreign[before:] == ["https://example.org/pixel.png"]
        assert horizontal_overflow(page) == 600 - 390 + 8   # the body's margin is 8 px
        assert [v["id"] for v in axe(page, browser.axe_js)["critical"]] == ["image-alt"]
    finally:
        page.context.close()
