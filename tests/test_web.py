"""The web edition of the sample: built once per session into a temporary
folder, then read back as HTML (content, order, notes, metadata, files) and
checked in Chromium at a phone's and a desktop's width (no horizontal
scrolling, note links there and back, the language switcher, axe-core).

Every expectation comes from the sample's model, never from an earlier run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import axe, follow, horizontal_overflow, serious
from conftest import LOCALES
from helpers import (
    FONTS,
    headings,
    html_root,
    normalize,
    numbered_notes,
    plain,
    squeeze,
    symbol_notes,
    text_of,
)

from brief import i18n
from brief.errors import SetupError
from brief.web import language_name, write_web_edition

WIDTHS = (390, 1280)


@pytest.fixture(scope="session")
def editions(sample_brief):
    """The model of each edition, translated from the sample's catalogs."""
    return {lang: i18n.translate(sample_brief, lang, locales=LOCALES).brief for lang in sample_brief.languages}


@pytest.fixture(scope="session")
def web(tmp_path_factory, sample_brief) -> dict[str, Path]:
    """{lang: index.html} of the sample's web editions, side by side in one folder."""
    out = tmp_path_factory.mktemp("web")
    name = sample_brief.name
    links = {lang: f"../{name}-{lang}/index.html" for lang in sample_brief.languages}
    return {lang: write_web_edition(sample_brief, out / f"{name}-{lang}", lang, editions=links,
                                    pdf=f"../{name}-{lang}.pdf", locales=LOCALES)
            for lang in sample_brief.languages}


@pytest.fixture(scope="session")
def site(web, serve):
    return serve(next(iter(web.values())).parent.parent)


def page_url(site, web, lang: str) -> str:
    index = web[lang]
    return site.url(f"{index.parent.name}/{index.name}")


def root(web, lang: str):
    return html_root(web[lang].read_text(encoding="utf-8"))


def without_calls(element) -> str:
    """An element's text without its note calls and definitions (what the
    model's `plain` gives for the same text)."""
    import copy
    tree = copy.deepcopy(element.etree_element)
    for parent in list(tree.iter()):
        kept = []
        for child in list(parent):
            if {"note-call", "term"} & set(child.get("class", "").split()):
                if kept:
                    kept[-1].tail = (kept[-1].tail or "") + (child.tail or "")
                else:
                    parent.text = (parent.text or "") + (child.tail or "")
                parent.remove(child)
            else:
                kept.append(child)
    return normalize("".join(tree.itertext()).replace("\u2060", ""))


def words_of(text: str) -> str:
    """Text to compare with the model's: no spaces (French spacing adds
    some), no quote shapes (typography's business, tested elsewhere)."""
    return re.sub(r"['\"]", "", squeeze(text))


# -- the HTML ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_headings_are_those_of_the_print_edition_in_order(web, editions, lang):
    page = root(web, lang)
    shown = [text_of(h) for h in list(page.query_all(".chapter-title, .section-title"))]
    expected = [f"{h.number} {h.title}" if h.number else h.title for h in headings(editions[lang])]
    assert shown == expected
    assert [text_of(h) for h in list(page.query_all("h1"))] == [plain(editions[lang].title)]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_text_of_the_brief_is_there_in_reading_order(web, editions, lang):
    text = words_of(without_calls(root(web, lang).query(".brief")))
    at = 0
    for unit in editions[lang].body_units():
        if unit.role.startswith("figure alt text"):
            continue
        words = words_of(plain(unit.text))
        found = text.find(words, at)
        assert found >= 0, f"{unit.role} missing or out of order: {words[:60]}"
        at = found + len(words)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_note_call_links_to_its_note_which_links_back(web, editions, lang):
    edition = editions[lang]
    page = root(web, lang)
    calls = list(page.query_all("a.note-call"))
    assert len(calls) == sum(1 for label in edition.calls() if label in edition.notes)
    ids = {e.etree_element.get("id") for e in list(page.query_all("[id]"))}
    assert len(ids) == len(list(page.query_all("[id]"))), "ids are unique"
    first: dict[str, str] = {}
    for call in calls:
        href, call_id = call.etree_element.get("href"), call.etree_element.get("id")
        assert href[1:] in ids, href
        first.setdefault(href, call_id)
        target = page.query(f"[id='{href[1:]}']")
        # A definition is placed after its first call, and links back there.
        back = call_id if href.startswith("#note-") else first[href]
        assert target.query(f"a.backlink[href='#{back}']") is not None, href
    endnotes = list(page.query_all("ol.notes > li"))
    assert [words_of(without_calls(li).removesuffix("↩")) for li in endnotes] == \
        [words_of(" ".join(plain(p) for p in n.text.split("\n\n"))) for n in numbered_notes(edition)]
    assert [li.etree_element.get("value") for li in endnotes] == \
        [str(i) for i in range(1, len(endnotes) + 1)]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_definition_sits_right_after_the_text_that_calls_it(web, editions, lang):
    page = root(web, lang)
    terms = list(page.query_all("aside.term"))
    assert [t.etree_element.get("id") for t in terms] == \
        [f"term-{re.sub(r'[^A-Za-z0-9_-]', lambda m: f'_{ord(m.group()):x}', n.label)}"
         for n, _ in symbol_notes(editions[lang])]
    for term in terms:
        before = term.previous
        while before is not None and before.etree_element.tag.endswith("aside"):
            before = before.previous
        assert before is not None
        assert before.query(f"a.note-call[href='#{term.etree_element.get('id')}']") is not None


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_metadata_language_and_links_to_the_other_editions(web, editions, lang):
    edition = editions[lang]
    page = root(web, lang)
    html = page.etree_element
    assert html.get("lang") == lang

    def meta(selector: str) -> str | None:
        found = page.query(selector)
        return found.etree_element.get("content") if found is not None else None

    assert words_of(text_of(page.query("title"))).startswith(words_of(plain(edition.title)))
    assert words_of(meta("meta[name=description]")) == words_of(plain(edition.subtitle))
    assert words_of(meta("meta[property='og:title']")) == words_of(plain(edition.title))
    assert words_of(meta("meta[property='og:description']")) == words_of(plain(edition.subtitle))
    assert meta("meta[property='og:locale']").startswith(lang + "_")
    alternates = {e.etree_element.get("hreflang"): e.etree_element.get("href")
                  for e in list(page.query_all("link[rel=alternate][hreflang]"))}
    assert alternates == {code: f"../{web[code].parent.name}/index.html" for code in editions}
    assert sorted(e.etree_element.get("content").split("_")[0]
                  for e in page.query_all("meta[property='og:locale:alternate']")) == \
        sorted(code for code in editions if code != lang)
    switcher = list(page.query_all("nav.languages a"))
    assert [a.etree_element.get("hreflang") for a in switcher] == list(editions)
    assert [text_of(a) for a in switcher] == [language_name(code) for code in editions]
    assert [a.etree_element.get("aria-current") for a in switcher] == \
        ["page" if code == lang else None for code in editions]
    assert page.query("a.pdf-link").etree_element.get("href") == f"../{web[lang].parent.name}.pdf"


def test_the_words_of_the_page_are_in_the_edition_s_language(web):
    for lang in ("nl", "fr", "en"):
        words = i18n.template_translations(lang)
        page = root(web, lang)
        assert text_of(page.query(".skip-link")) == words.gettext("Skip to content")
        assert text_of(page.query(".toc-title")) == words.gettext("Contents")
        assert page.query("nav.languages").etree_element.get("aria-label") == words.gettext("Languages")
        assert page.query("a.note-call").etree_element.get("aria-label") == \
            words.gettext("Note %(mark)s") % {"mark": "1"}
    assert i18n.template_translations("nl").gettext("Back to text") != "Back to text"


def test_the_folder_holds_every_file_the_page_needs(web):
    for index in web.values():
        folder = index.parent
        page = html_root(index.read_text(encoding="utf-8"))
        refs = [e.etree_element.get("src") for e in list(page.query_all("img, script[src]"))]
        refs += [e.etree_element.get("href") for e in list(page.query_all("link[rel=stylesheet]"))]
        css = (folder / "styles" / "web.css").read_text(encoding="utf-8")
        refs += ["styles/" + u for u in re.findall(r"url\(([^)]+)\)", css)]
        assert refs and all(not re.match(r"^[a-z]+:|^/", r) for r in refs), refs
        missing = [r for r in refs if not (folder / r).is_file()]
        assert missing == []
        assert sorted(p.name for p in (folder / "styles" / "fonts").glob("*LICENSE*"))


def test_the_fonts_are_the_shipped_ones_packed_as_woff2(web):
    """WOFF2 is made from the shipped TTF and OTF without changing the font:
    the same glyphs, characters and names."""
    from fontTools.ttLib import TTFont
    fonts = next(iter(web.values())).parent / "styles" / "fonts"
    packed = sorted(fonts.glob("*.woff2"))
    assert packed
    for woff2 in packed:
        original = next(FONTS.glob(woff2.stem + ".[ot]tf"))
        a, b = TTFont(woff2), TTFont(original)
        assert a.flavor == "woff2"
        assert a.getGlyphOrder() == b.getGlyphOrder()
        assert a.getBestCmap() == b.getBestCmap()
        assert a["name"].getDebugName(4) == b["name"].getDebugName(4)


def test_a_pdf_given_as_a_file_is_copied_and_linked_with_its_size(tmp_path, sample_brief):
    from pypdf import PdfWriter
    pdf = tmp_path / "energiearmoede-nl.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(pdf)
    index = write_web_edition(sample_brief, tmp_path / "site", pdf=pdf)
    assert (index.parent / pdf.name).read_bytes() == pdf.read_bytes()
    link = html_root(index.read_text(encoding="utf-8")).query("a.pdf-link")
    assert link.etree_element.get("href") == pdf.name
    assert text_of(link).endswith("kB)")


def test_a_stylesheet_that_reaches_for_another_host_is_refused(tmp_path, sample_brief):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "brief.css").write_text("", encoding="utf-8")
    (styles / "web.css").write_text('body { color: black; }\n@import url("https://fonts.example/x.css");\n'
                                    '@import "//fonts.example/y.css";\n', encoding="utf-8")
    with pytest.raises(SetupError) as e:
        write_web_edition(sample_brief, tmp_path / "site", styles=styles)
    assert [(p.file, p.line) for p in e.value.problems] == [(str(styles / "web.css"), 2),
                                                            (str(styles / "web.css"), 3)]
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_brief_built_in_python_without_translations_pdf_or_publisher():
    """The smallest brief: no switcher, no PDF button, no contents for one
    chapter; a definition called twice is placed once, after its first call,
    and both calls reach it; headings never skip a level."""
    from brief.model import Brief, Heading
    from brief.web import render_web_html
    b = Brief(title="A title", lang="en")
    b.note("*term", "**Term**: a word.")
    source = b.note(None, "A source.")
    ch = b.chapter("One")
    ch.paragraph(f"A term[^*term] here.[^{source}]")
    ch.box("In a box", "The term[^*term] again.")
    ch.blocks.append(Heading("A minor heading", 3))
    page = html_root(render_web_html(b))
    for absent in ("nav.languages", "a.pdf-link", ".print-notice", "nav.toc", "link[rel=alternate]"):
        assert page.query(absent) is None, absent
    terms = list(page.query_all("aside.term"))
    assert len(terms) == 1
    calls = [a.etree_element for a in page.query_all("a.note-call")]
    assert [a.get("href") for a in calls] == ["#term-_2aterm", f"#note-{source}", "#term-_2aterm"]
    assert len({a.get("id") for a in calls}) == 3
    assert [a.etree_element.get("href") for a in terms[0].query_all("a.backlink")] == [f"#{calls[0].get('id')}"]
    url = "https://example.org/briefs/a-title-en/"
    page = html_root(render_web_html(b, editions={"en": "./", "fr": "../a-title-fr/"}, url=url))
    assert {e.etree_element.get("hreflang"): e.etree_element.get("href")
            for e in page.query_all("link[rel=alternate][hreflang]")} == \
        {"en": url, "fr": "https://example.org/briefs/a-title-fr/"}
    assert page.query("link[rel=canonical]").etree_element.get("href") == url
    assert page.query("meta[property='og:url']").etree_element.get("content") == url
    levels = [int(h.etree_element.tag[-1]) for h in page.query_all("main h1, main h2, main h3, main h4, main h5, main h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


# -- in the browser --------------------------------------------------------------------

@pytest.mark.parametrize("width", (360, *WIDTHS))
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_page_fits_the_screen_and_loads_only_its_own_files(browser, site, web, lang, width):
    before = len(browser.foreign)
    page = browser.page(page_url(site, web, lang), width)
    try:
        assert horizontal_overflow(page) == 0
        assert browser.foreign[before:] == []
        faces = page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.weight + ' ' + f.status)")
        assert faces and not [f for f in faces if f.endswith("error")]
        assert page.evaluate("document.fonts.check('1em Charis') && document.fonts.check('bold 1em Inter')")
        loaded = page.evaluate("""Promise.all([...document.images].map(i => {
            i.loading = 'eager';    // figures load lazily, as they come into view
            return i.decode().then(() => i.naturalWidth > 0, () => false); }))""")
        assert loaded and all(loaded)
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_note_link_reaches_its_note_and_comes_back(browser, site, web, editions, lang, width):
    page = browser.page(page_url(site, web, lang), width)
    try:
        calls = page.locator("a.note-call")
        count = calls.count()
        assert count == sum(1 for label in editions[lang].calls() if label in editions[lang].notes)
        for i in range(count):
            call = calls.nth(i)
            call_id = call.get_attribute("id")
            target = call.get_attribute("href")
            assert follow(page, call).endswith(target)
            back = page.locator(f"{target} a.backlink[href='#{call_id}']")
            if target.startswith("#term-") and not back.count():
                back = page.locator(f"{target} a.backlink")   # a definition links back to its first call
            assert follow(page, back).endswith(back.get_attribute("href"))
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_language_switcher_reaches_every_other_edition(browser, site, web, lang):
    page = browser.page(page_url(site, web, lang), 390)
    try:
        for other in web:
            if other == lang:
                continue
            follow(page, f"nav.languages a[hreflang='{other}']")
            assert page.evaluate("document.documentElement.lang") == other
            assert page.locator("nav.languages a[aria-current=page]").get_attribute("hreflang") == other
            follow(page, f"nav.languages a[hreflang='{lang}']")
            assert page.evaluate("document.documentElement.lang") == lang
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_axe_finds_no_serious_or_critical_violation(browser, site, web, lang, width):
    page = browser.page(page_url(site, web, lang), width)
    try:
        assert serious(axe(page, browser.axe_js)) == []
    finally:
        page.context.close()


def test_printed_the_page_points_to_the_pdf(browser, site, web):
    page = browser.page(page_url(site, web, "fr"), 1280)
    try:
        page.emulate_media(media="print")
        notice = page.locator(".print-notice")
        assert notice.is_visible()
        assert notice.locator("a").get_attribute("href") == page.locator("a.pdf-link").get_attribute("href")
        assert not page.locator("nav.languages").is_visible()
        assert horizontal_overflow(page) == 0
    finally:
        page.context.close()
