"""The web edition: the sample's three editions, written beside the session
build's PDFs (`sample_web`), read back as HTML (content, order, notes,
metadata, files), and small briefs built in Python for what the sample does
not hold. The same pages in Chromium: tests/test_web_browser.py.

Every expectation comes from the sample's model, never from an earlier run.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
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

import brief
from brief import Options, i18n
from brief.errors import SetupError
from brief.model import Brief, Foreign, Heading, Paragraph
from brief.render import slug
from brief.web import language_name, render_web_html, write_site, write_web_edition
from brief.web.page import file_size

LANGS = ("nl", "fr", "en")


def root(sample_web, lang: str):
    return html_root(sample_web[lang].read_text(encoding="utf-8"))


def without_calls(element) -> str:
    """An element's text without its note calls and definitions (what the
    model's `plain` gives for the same text)."""
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


def attr(page, selector: str, name: str) -> str | None:
    found = page.query(selector)
    return found.etree_element.get(name) if found is not None else None


# -- the sample's pages ---------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_headings_are_those_of_the_print_edition_in_order(sample_web, sample_editions, lang):
    page = root(sample_web, lang)
    shown = [text_of(h) for h in page.query_all(".chapter-title, .section-title")]
    expected = [f"{h.number} {h.title}" if h.number else h.title for h in headings(sample_editions[lang])]
    assert shown == expected
    assert [text_of(h) for h in page.query_all("h1")] == [plain(sample_editions[lang].title)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_of_the_brief_is_there_in_reading_order(sample_web, sample_editions, lang):
    text = words_of(without_calls(root(sample_web, lang).query(".brief")))
    at = 0
    for unit in sample_editions[lang].body_units():
        if unit.role.startswith("figure alt text"):
            continue
        words = words_of(plain(unit.text))
        found = text.find(words, at)
        assert found >= 0, f"{unit.role} missing or out of order: {words[:60]}"
        at = found + len(words)


@pytest.mark.parametrize("lang", LANGS)
def test_every_note_call_links_to_its_note_which_links_back(sample_web, sample_editions, lang):
    edition = sample_editions[lang]
    page = root(sample_web, lang)
    calls = list(page.query_all("a.note-call"))
    assert len(calls) == sum(1 for label in edition.calls() if label in edition.notes)
    elements = list(page.query_all("[id]"))
    ids = {e.etree_element.get("id") for e in elements}
    assert len(ids) == len(elements), "ids are unique"
    for call in calls:
        href, call_id = call.etree_element.get("href"), call.etree_element.get("id")
        assert href[1:] in ids, href
        target = page.query(f"[id='{href[1:]}']")
        assert target.query(f"a.backlink[href='#{call_id}']") is not None, href
    endnotes = list(page.query_all("ol.notes > li"))
    assert [words_of(without_calls(li).removesuffix("↩")) for li in endnotes] == \
        [words_of(" ".join(plain(p) for p in n.text.split("\n\n"))) for n in numbered_notes(edition)]
    assert [li.etree_element.get("value") for li in endnotes] == \
        [str(i) for i in range(1, len(endnotes) + 1)]


@pytest.mark.parametrize("lang", LANGS)
def test_a_definition_sits_right_after_the_text_that_calls_it(sample_web, sample_editions, lang):
    page = root(sample_web, lang)
    terms = list(page.query_all("aside.term"))
    assert [t.etree_element.get("id") for t in terms] == \
        [f"term-{slug(n.label)}" for n, _ in symbol_notes(sample_editions[lang])]
    for term in terms:
        before = term.previous
        while before is not None and before.etree_element.tag.endswith("aside"):
            before = before.previous
        assert before is not None
        assert before.query(f"a.note-call[href='#{term.etree_element.get('id')}']") is not None


@pytest.mark.parametrize("lang", LANGS)
def test_metadata_language_and_links_to_the_other_editions(sample_web, sample_editions, lang):
    edition = sample_editions[lang]
    page = root(sample_web, lang)
    assert page.etree_element.get("lang") == lang
    assert words_of(text_of(page.query("title"))).startswith(words_of(plain(edition.title)))
    for selector in ("meta[name=description]", "meta[property='og:description']"):
        assert words_of(attr(page, selector, "content")) == words_of(plain(edition.subtitle))
    assert words_of(attr(page, "meta[property='og:title']", "content")) == words_of(plain(edition.title))
    assert attr(page, "meta[property='og:locale']", "content").startswith(lang + "_")
    folders = {code: index.parent.name for code, index in sample_web.items()}
    alternates = {e.etree_element.get("hreflang"): e.etree_element.get("href")
                  for e in page.query_all("link[rel=alternate][hreflang]")}
    links = {code: f"../{folders[code]}/index.html" for code in sample_editions}
    assert alternates == {**links, "x-default": links[next(iter(sample_editions))]}
    assert sorted(e.etree_element.get("content").split("_")[0]
                  for e in page.query_all("meta[property='og:locale:alternate']")) == \
        sorted(code for code in sample_editions if code != lang)
    switcher = list(page.query_all("nav.languages a"))
    assert [a.etree_element.get("hreflang") for a in switcher] == list(sample_editions)
    assert [a.etree_element.get("lang") for a in switcher] == list(sample_editions)
    assert [text_of(a) for a in switcher] == [language_name(code) for code in sample_editions]
    assert [a.etree_element.get("aria-current") for a in switcher] == \
        ["page" if code == lang else None for code in sample_editions]
    assert page.query("meta[name=robots]") is None   # no draft


def test_each_folder_holds_its_edition_s_pdf_linked_with_its_size(sample_web, sample_pdfs):
    for lang, index in sample_web.items():
        page = html_root(index.read_text(encoding="utf-8"))
        link = page.query("a.pdf-link")
        href = link.etree_element.get("href")
        assert href == sample_pdfs[lang].name
        assert (index.parent / href).read_bytes() == sample_pdfs[lang].read_bytes()
        assert text_of(link).endswith(normalize(f"({file_size(sample_pdfs[lang].stat().st_size, lang)})"))
        assert attr(page, ".print-notice a", "href") == href


def test_the_words_of_the_page_are_in_the_edition_s_language(sample_web):
    for lang in LANGS:
        words = i18n.template_translations(lang)
        page = root(sample_web, lang)
        assert text_of(page.query(".skip-link")) == words.gettext("Skip to content")
        assert text_of(page.query(".toc-title")) == words.gettext("Contents")
        assert attr(page, "nav.languages", "aria-label") == words.gettext("Languages")
        assert attr(page, "a.note-call", "aria-label") == words.gettext("Note %(mark)s") % {"mark": "1"}
    assert i18n.template_translations("nl").gettext("Back to text") != "Back to text"


def test_the_folder_holds_every_file_the_page_needs(sample_web, sample_editions):
    for lang, index in sample_web.items():
        folder = index.parent
        page = html_root(index.read_text(encoding="utf-8"))
        images = [e.etree_element.get("src") for e in page.query_all("img")]
        # A translated edition shows the version of a figure made for its language.
        assert images == [f.src for f in sample_editions[lang].figures()]
        refs = images + [e.etree_element.get("src") for e in page.query_all("script[src]")]
        refs += [e.etree_element.get("href") for e in page.query_all("link[rel=stylesheet]")]
        css = (folder / "styles" / "web.css").read_text(encoding="utf-8")
        refs += ["styles/" + u for u in re.findall(r"url\(([^)]+)\)", css)]
        assert refs and all(not re.match(r"^[a-z]+:|^/", r) for r in refs), refs
        assert [r for r in refs if not (folder / r).is_file()] == []
        assert sorted(p.name for p in (folder / "styles" / "fonts").glob("*LICENSE*"))


def test_the_fonts_are_the_shipped_ones_packed_as_woff2(sample_web):
    """WOFF2 is made from the shipped TTF and OTF without changing the font:
    the same glyphs, characters and names."""
    from fontTools.ttLib import TTFont
    packed = sorted((next(iter(sample_web.values())).parent / "styles" / "fonts").glob("*.woff2"))
    assert packed
    for woff2 in packed:
        original = next(FONTS.glob(woff2.stem + ".[ot]tf"))
        a, b = TTFont(woff2), TTFont(original)
        assert a.flavor == "woff2"
        assert a.getGlyphOrder() == b.getGlyphOrder()
        assert a.getBestCmap() == b.getBestCmap()
        assert a["name"].getDebugName(4) == b["name"].getDebugName(4)


# -- the site: addresses, languages ----------------------------------------------------

def test_with_the_site_s_address_every_link_to_an_edition_is_absolute(tmp_path, sample_brief, sample_editions):
    site = "https://example.org/briefs"
    options = Options(out=tmp_path, web=True, site_url=site)
    written = {r.lang: r for r in write_site(sample_brief, sample_editions, options)}
    assert [r.pdf for r in written.values()] == [None] * len(written)   # no PDF built: none linked
    urls = {lang: f"{site}/{r.path.parent.name}/" for lang, r in written.items()}
    for lang, result in written.items():
        page = html_root(result.path.read_text(encoding="utf-8"))
        assert attr(page, "link[rel=canonical]", "href") == urls[lang]
        assert attr(page, "meta[property='og:url']", "content") == urls[lang]
        assert {e.etree_element.get("hreflang"): e.etree_element.get("href")
                for e in page.query_all("link[rel=alternate][hreflang]")} == \
            {**urls, "x-default": urls[sample_brief.lang]}
        assert page.query("a.pdf-link") is None


def test_a_build_of_one_language_links_only_the_editions_there(tmp_path, sample_brief, sample_editions):
    """The switcher of an edition built alone links the editions already in
    the output folder, not those missing."""
    options = Options(out=tmp_path, web=True)
    others = [lang for lang in sample_brief.languages if lang != "fr"]
    list(write_site(sample_brief, {others[0]: sample_editions[others[0]]}, options))
    alone = options.replace(langs=("fr",))
    [result] = write_site(sample_brief, {"fr": sample_editions["fr"]}, alone)
    page = html_root(result.path.read_text(encoding="utf-8"))
    linked = [a.etree_element.get("hreflang") for a in page.query_all("nav.languages a")]
    assert linked == [lang for lang in sample_brief.languages if lang in (others[0], "fr")]


def test_file_sizes_are_said_in_the_edition_s_language():
    assert file_size(485_000, "fr") == "485\u202fko"
    assert file_size(1_234_567, "nl") == "1,2 MB"
    assert file_size(1_234_567, "en") == "1.2 MB"


def test_the_web_edition_is_an_option_of_every_build():
    assert Options.make(web=True, site_url="https://example.org/b").site_url == "https://example.org/b/"
    for wrong in ("example.org/briefs", "ftp://example.org/", "https://example.org/?q=1", 3):
        with pytest.raises(SetupError, match="site_url"):
            Options.make(site_url=wrong)
    with pytest.raises(SetupError, match="'html' and 'web'"):
        Options.make(html=True, web=True)


# -- pages of small briefs -------------------------------------------------------------

def small_brief() -> tuple[Brief, str]:
    b = Brief(title="A title", lang="en")
    b.note("*term", "**Term**: a word.")
    source = b.note(None, "A source.")
    ch = b.chapter("One")
    ch.paragraph(f"A term[^*term] here.[^{source}]")
    ch.box("In a box", "The term[^*term] again.")
    ch.blocks.append(Heading("A minor heading", 3))
    return b, source


def test_a_brief_built_in_python_without_translations_pdf_or_publisher():
    """The smallest brief: no switcher, no PDF button, no contents for one
    chapter; a definition called twice is placed once, after its first call,
    both calls reach it and it links back to both; headings never skip a level."""
    b, source = small_brief()
    page = html_root(render_web_html(b))
    for absent in ("nav.languages", "a.pdf-link", ".print-notice", "nav.toc", "link[rel=alternate]",
                   ".draft-mark"):
        assert page.query(absent) is None, absent
    terms = list(page.query_all("aside.term"))
    assert len(terms) == 1
    calls = [a.etree_element for a in page.query_all("a.note-call")]
    assert [a.get("href") for a in calls] == ["#term-_2aterm", f"#note-{source}", "#term-_2aterm"]
    assert len({a.get("id") for a in calls}) == 3
    assert [a.etree_element.get("href") for a in terms[0].query_all("a.backlink")] == \
        [f"#{calls[0].get('id')}", f"#{calls[2].get('id')}"]
    levels = [int(h.etree_element.tag[-1])
              for h in page.query_all("main h1, main h2, main h3, main h4, main h5, main h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_a_text_that_fell_back_to_the_source_keeps_its_language():
    b, _ = small_brief()
    b.lang = "fr"
    b.chapters[0].blocks.append(Paragraph(Foreign("Een zin die niet vertaald is.", "nl")))
    page = html_root(render_web_html(b))
    [fallback] = [p for p in page.query_all(".chapter p") if "vertaald" in text_of(p)]
    span = fallback.query("span[lang]")
    assert span.etree_element.get("lang") == "nl" and text_of(span) == "Een zin die niet vertaald is."


def test_a_draft_says_so_and_asks_not_to_be_indexed():
    b, _ = small_brief()
    b.lang, b.draft = "fr", True
    page = html_root(render_web_html(b))
    assert text_of(page.query(".cover .draft-mark")) == \
        i18n.template_translations("fr").gettext("Draft: unreviewed translations")
    assert attr(page, "meta[name=robots]", "content") == "noindex"


def test_a_stylesheet_that_reaches_for_another_host_is_refused(tmp_path):
    b, _ = small_brief()
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "brief.css").write_text("", encoding="utf-8")
    (styles / "web.css").write_text('body { color: black; }\n@import url("https://fonts.example/x.css");\n'
                                    '@import "//fonts.example/y.css";\n', encoding="utf-8")
    with pytest.raises(SetupError) as e:
        write_web_edition(b, tmp_path / "site", styles=styles)
    assert [(p.file, p.line) for p in e.value.problems] == [(str(styles / "web.css"), 2),
                                                            (str(styles / "web.css"), 3)]
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_pdf_given_as_a_file_is_placed_in_the_folder(tmp_path):
    from pypdf import PdfWriter
    b, _ = small_brief()
    pdf = tmp_path / "a-title-en.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(pdf)
    index = write_web_edition(b, tmp_path / "site", pdf=pdf)
    assert (index.parent / pdf.name).read_bytes() == pdf.read_bytes()
    assert attr(html_root(index.read_text(encoding="utf-8")), "a.pdf-link", "href") == pdf.name
    before = index.stat().st_mtime_ns
    write_web_edition(b, tmp_path / "site", pdf=pdf)
    assert index.stat().st_mtime_ns == before, "a page that has not changed is left alone"



def test_a_file_the_text_links_to_goes_into_the_folder(tmp_path: Path) -> None:
    """An annex linked from the text is beside the page, where the link points."""
    from brief.web.folder import write_web_edition
    (tmp_path / "bijlage.pdf").write_bytes(b"%PDF-1.4\n")
    src = tmp_path / "b.md"
    src.write_text("---\ntitle: T\nlang: nl\n---\n\n# H\n\nZie [de bijlage](bijlage.pdf).\n", encoding="utf-8")
    index = write_web_edition(brief.load(src), tmp_path / "web")
    assert 'href="bijlage.pdf"' in index.read_text(encoding="utf-8")
    assert (tmp_path / "web" / "bijlage.pdf").read_bytes() == b"%PDF-1.4\n"
