"""The sample's web editions in Chromium, at a phone's and a desktop's width:
no horizontal scrolling, only its own files, every note link there and back,
the language switcher, axe-core, and the printed page.

Each page is opened once (one per edition and width, in the session's one
browser) and every test of it reads that page: a page load and an axe run
are the costly steps. Every note link is followed in one script run in the
page (a click on the link, then on its way back, each checked in view and
not covered), and the first one also with real mouse clicks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from browser import axe, follow, horizontal_overflow, serious

LANGS = ("nl", "fr", "en")
WIDTHS = (390, 1280)
#: The narrowest phone the page is made for.
NARROWEST = 360


@pytest.fixture(scope="module")
def site(sample_web, serve):
    return serve(next(iter(sample_web.values())).parent.parent)


@pytest.fixture(scope="module")
def opened(browser, site, sample_web) -> Iterator[Callable[[str, int], Any]]:
    """``opened(lang, width)``: the edition's page at that width, opened
    once for the module, with the requests it made to other hosts."""
    pages: dict[tuple[str, int], Any] = {}

    def open_page(lang: str, width: int) -> Any:
        if (lang, width) not in pages:
            before = len(browser.foreign)
            index = sample_web[lang]
            page = browser.page(site.url(f"{index.parent.name}/{index.name}"), width)
            page.foreign = browser.foreign[before:]
            pages[(lang, width)] = page
        return pages[(lang, width)]

    try:
        yield open_page
    finally:
        for page in pages.values():
            page.context.close()


#: Follows every note link of the page and back, as a reader's click does,
#: and returns what went wrong. A link counts as reached when the URL's
#: fragment is its target and the target's first line is in view and not
#: under anything else (a sticky header, say); a link as clickable when the
#: point at its middle is the link.
NOTES_THERE_AND_BACK = """() => {
  const covers = (el, x, y) => { const at = document.elementFromPoint(x, y); return at !== null && el.contains(at); };
  const inView = (el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; };
  const clickable = (el) => { const r = el.getBoundingClientRect();
                              return covers(el, r.left + r.width / 2, r.top + r.height / 2); };
  const shown = (el) => { const r = el.getBoundingClientRect();
                          return r.top >= 0 && r.top < innerHeight - 8 && covers(el, r.left + Math.min(6, r.width / 2), r.top + 4); };
  const problems = [];
  const calls = [...document.querySelectorAll("a.note-call")];
  for (const call of calls) {
    const href = call.getAttribute("href");
    const target = document.getElementById(href.slice(1));
    if (target === null) { problems.push(`${call.id}: no ${href}`); continue; }
    call.click();
    if (location.hash !== href || !shown(target)) { problems.push(`${call.id}: ${href} not shown`); continue; }
    const back = target.querySelector(`a.backlink[href="#${call.id}"]`);
    if (back === null) { problems.push(`${href}: no way back to ${call.id}`); continue; }
    if (!inView(back)) back.scrollIntoView({block: "nearest"});
    if (!clickable(back)) problems.push(`${href}: its way back is covered`);
    const backHref = back.getAttribute("href");
    back.click();
    const returned = document.getElementById(backHref.slice(1));
    if (returned !== call || location.hash !== backHref || !shown(call)) problems.push(`${href}: ${backHref} not shown`);
    if (!clickable(call)) problems.push(`${call.id}: the link is covered`);
  }
  return {count: calls.length, problems};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_fits_the_screen_and_loads_only_its_own_files(opened, lang, width):
    page = opened(lang, width)
    assert page.evaluate("innerWidth") == width
    assert horizontal_overflow(page) == 0
    assert page.foreign == []
    faces = page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.weight + ' ' + f.status)")
    assert faces and not [f for f in faces if f.endswith("error")]
    assert page.evaluate("document.fonts.check('1em Charis') && document.fonts.check('bold 1em Inter')")
    loaded = page.evaluate("""Promise.all([...document.images].map(i => {
        i.loading = 'eager';    // figures load lazily, as they come into view
        return i.decode().then(() => i.naturalWidth > 0, () => false); }))""")
    assert loaded and all(loaded)
    if width == min(WIDTHS):
        page.set_viewport_size({"width": NARROWEST, "height": 800})
        try:
            assert horizontal_overflow(page) == 0, f"too wide at {NARROWEST} px"
        finally:
            page.set_viewport_size({"width": width, "height": 900})


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_note_link_reaches_its_note_and_comes_back(opened, sample_editions, lang, width):
    page = opened(lang, width)
    edition = sample_editions[lang]
    first = page.locator("a.note-call").first
    call_id, target = first.get_attribute("id"), first.get_attribute("href")
    assert follow(page, first).endswith(target)            # a real click, then the way back
    assert follow(page, page.locator(f"{target} a.backlink[href='#{call_id}']")).endswith(f"#{call_id}")
    result = page.evaluate(NOTES_THERE_AND_BACK)
    assert result["problems"] == []
    assert result["count"] == sum(1 for label in edition.calls() if label in edition.notes)


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switcher_reaches_every_other_edition(opened, sample_web, lang):
    """A real click on the first other edition, there and back; the page each
    other link leads to, fetched by the page itself."""
    page = opened(lang, min(WIDTHS))
    home = page.url
    others = [code for code in sample_web if code != lang]
    try:
        follow(page, f"nav.languages a[hreflang='{others[0]}']")
        assert page.evaluate("document.documentElement.lang") == others[0]
        assert page.locator("nav.languages a[aria-current=page]").get_attribute("hreflang") == others[0]
        page.go_back(wait_until="load")
        assert page.evaluate("document.documentElement.lang") == lang
        reached = page.evaluate("""codes => Promise.all(codes.map(code =>
            fetch(document.querySelector(`nav.languages a[hreflang="${code}"]`).href)
              .then(r => r.ok ? r.text() : "")
              .then(t => new DOMParser().parseFromString(t, "text/html").documentElement.lang)))""", others)
        assert reached == others
    finally:
        if page.url != home:
            page.goto(home, wait_until="load")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_serious_or_critical_violation(browser, opened, lang, width):
    assert serious(axe(opened(lang, width), browser.axe_js)) == []


def test_printed_the_page_points_to_the_pdf(opened):
    page = opened("fr", max(WIDTHS))
    page.emulate_media(media="print")
    try:
        notice = page.locator(".print-notice")
        assert notice.is_visible()
        assert notice.locator("a").get_attribute("href") == page.locator("a.pdf-link").get_attribute("href")
        assert not page.locator("nav.languages").is_visible()
        assert horizontal_overflow(page) == 0
    finally:
        page.emulate_media(media="screen")


#: A table of twelve columns, far wider than a phone.
WIDE_TABLE = """---
title: Tabel
lang: nl
---

# Cijfers

Een alinea.

| Gewest | 2013 | 2014 | 2015 | 2016 | 2017 | 2018 | 2019 | 2020 | 2021 | 2022 | 2023 |
|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
| Vlaanderen | 14,1 % | 14,3 % | 14,0 % | 13,8 % | 13,9 % | 13,5 % | 13,2 % | 13,0 % | 14,8 % | 17,2 % | 15,9 % |
| Brussel | 27,4 % | 27,0 % | 26,8 % | 26,1 % | 25,9 % | 25,5 % | 25,0 % | 24,6 % | 26,3 % | 29,8 % | 28,1 % |

Table: Huishoudens in energiearmoede per gewest
"""


def test_a_wide_table_scrolls_in_its_region_not_the_page(browser, serve, tmp_path):
    """On a phone, a table wider than the screen scrolls inside its own
    region, which the keyboard reaches; the page does not scroll sideways."""
    from brief import loads
    from brief.web import write_web_edition
    (tmp_path / "tabel.md").write_text(WIDE_TABLE, encoding="utf-8")
    index = write_web_edition(loads(WIDE_TABLE, tmp_path / "tabel.md"), tmp_path / "tabel-nl")
    page = browser.page(serve(tmp_path).url("tabel-nl/index.html"), NARROWEST)
    try:
        assert horizontal_overflow(page) == 0
        region = page.locator(".table-scroll")
        assert region.evaluate("r => r.scrollWidth > r.clientWidth + 100")
        assert region.evaluate("r => getComputedStyle(r).overflowX") == "auto"
        assert region.get_attribute("tabindex") == "0"
        assert page.locator("table.data td.right").count() == 22
        assert serious(axe(page, browser.axe_js)) == []
    finally:
        page.context.close()
    assert index.is_file()
