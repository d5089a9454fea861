"""What NGOs print in the front matter (a logo, a licence, contact details,
a website, an ISBN), and the values that are refused, each at its line."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from helpers import html_root, text_of

import brief
from brief import check
from brief.errors import SourceError
from brief.i18n.templates import template_translations
from brief.meta import LICENCES, isbn_problem, lang_problem, licence_code

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect width="40" height="40" fill="#e0a526"/></svg>')


def write(folder: Path, meta: str, body: str = "# Hoofdstuk\n\nTekst.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    path = folder / "b.md"
    path.write_text(f"---\ntitle: Nota\nlang: nl\n{meta}---\n\n{body}", encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_logo_contact_website_isbn_in_the_edition(tmp_path: Path) -> None:
    path = write(tmp_path, "publisher: Netwerk\nlogo: logo.svg\ncontact: info@example.org\n"
                           "website: https://example.org/nota\nisbn: 978-0-306-40615-7\n")
    b = brief.load(path)
    root = html_root(b.render_html())
    logo = root.query(".cover img.logo")
    assert logo.etree_element.get("src") == "logo.svg"
    assert logo.etree_element.get("alt") == "Netwerk"
    rows = {text_of(tr.query("th")): text_of(tr.query("td")) for tr in root.query_all(".colophon tr")}
    assert rows["ISBN"] == "978-0-306-40615-7"
    nl = template_translations("nl")
    assert rows[nl.gettext("Contact")] == "info@example.org"
    assert rows[nl.gettext("Website")] == "example.org/nota"
    assert root.query(".colophon a").etree_element.get("href") == "https://example.org/nota"


@pytest.mark.parametrize("written,code", [
    ("CC BY", "CC-BY-4.0"), ("cc-by-nc", "CC-BY-NC-4.0"), ("CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0"),
    ("CC-BY-ND-4.0", "CC-BY-ND-4.0"), ("CC BY-NC-ND", "CC-BY-NC-ND-4.0"), ("CC BY-SA", "CC-BY-SA-4.0"),
    ("CC0", "CC0-1.0"), ("all rights reserved", "all-rights-reserved"), ("GPL", None), ("CC BY-SA-ND", None),
])
def test_licence_codes(written: str, code: str | None) -> None:
    assert licence_code(written) == code


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_licence_sentence_is_translated(tmp_path: Path, lang: str) -> None:
    """Each licence prints its own sentence, in the edition's language, from
    the package's catalogs, and the licence's address."""
    texts = set()
    for code, licence in LICENCES.items():
        b = brief.loads(f"---\ntitle: Nota\nlang: {lang}\nlicence: {code}\n---\n\nTekst.\n", tmp_path / "b.md")
        licence_p = html_root(b.render_html()).query(".colophon .licence")
        text = text_of(licence_p)
        texts.add(text)
        if licence.url:
            assert licence_p.query("a").etree_element.get("href") == licence.url
    assert len(texts) == len(LICENCES)
    if lang != "en":
        english = {text_of(html_root(brief.loads(f"---\ntitle: N\nlang: en\nlicence: {c}\n---\n\nT.\n",
                                                 tmp_path / "b.md").render_html()).query(".colophon .licence"))
                   for c in LICENCES}
        assert not texts & english


def test_unknown_licence_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "licence: GPL\n")
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert (info.value.file, info.value.line) == (str(path), line_of(path, "licence:"))


@pytest.mark.parametrize("isbn,ok", [
    ("978-0-306-40615-7", True), ("9780306406157", True), ("0-306-40615-2", True), ("080442957X", True),
    ("978-0-306-40615-8", False), ("0-306-40615-3", False), ("978-0-306", False), ("97X0306406157", False),
])
def test_isbn_check_digit(isbn: str, ok: bool) -> None:
    assert (isbn_problem(isbn) is None) == ok


def test_wrong_isbn_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "isbn: 978-0-306-40615-8\n")
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert info.value.line == line_of(path, "isbn:")
    assert "check digit" in info.value.message


@pytest.mark.parametrize("tag,ok", [
    ("nl", True), ("fr-BE", True), ("en", True), ("sr-Latn", True), ("fil", True),
    ("eng", False), ("nld", False), ("und", False), ("xx", False), ("en_US!", False),
])
def test_language_tags(tag: str, ok: bool) -> None:
    assert (lang_problem(tag) is None) == ok


def test_three_letter_code_is_refused_with_the_two_letter_one(tmp_path: Path) -> None:
    path = write(tmp_path, "translations: [eng]\n")
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert info.value.line == line_of(path, "translations:")
    assert "'en'" in (info.value.hint or "")


def test_website_must_be_a_web_address(tmp_path: Path) -> None:
    path = write(tmp_path, "website: javascript:alert(1)\n")
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert info.value.line == line_of(path, "website:")


def test_logo_must_be_an_image_in_the_folder(tmp_path: Path) -> None:
    path = write(tmp_path / "a", "logo: ../elders.svg\n")
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert (info.value.line, "outside" in info.value.message) == (line_of(path, "logo:"), True)


def test_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "license: CC BY\n")
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert "did you mean 'licence'" in (info.value.hint or "")


def test_fields_of_a_python_brief_are_checked() -> None:
    """A date given as text is a SourceError naming the field, not an
    AssertionError from deep in Babel."""
    for fields in ({"date": "2026-03-02"}, {"authors": "An"}, {"press": "yes"}, {"lang": "eng"}):
        b = brief.Brief(title="Nota", lang="nl")
        for key, value in fields.items():
            setattr(b, key, value)
        b.chapter("Hoofdstuk").paragraph("Tekst.")
        with pytest.raises(SourceError) as info:
            b.render_html()
        assert next(iter(fields)) in info.value.message
    ok = brief.Brief(title="Nota", lang="nl", date=datetime.date(2026, 3, 2))
    ok.chapter("Hoofdstuk").paragraph("Tekst.")
    assert "2026" in ok.render_html()


def test_a_brief_without_body_is_warned_about(tmp_path: Path) -> None:
    path = write(tmp_path, "", body="")
    b = brief.load(path)
    problems = check.check_body(b)
    assert [(p.code, p.severity, p.file) for p in problems] == [("no-body", check.WARNING, str(path))]
    assert check.check_body(brief.load(write(tmp_path / "c", ""))) == []


def test_printed_front_matter_is_checked_for_glyphs(tmp_path: Path) -> None:
    """Contact details, website and ISBN are printed in the colophon: a
    character no font has is reported at their line."""
    path = write(tmp_path, "contact: \U0001d11e info@example.org\n")
    problems = check.check_glyphs(brief.load(path))
    assert [(p.code, p.line) for p in problems] == [("missing-glyph", line_of(path, "contact:"))]


def test_public_domain_has_no_copyright_line(tmp_path: Path) -> None:
    for licence, copyright_line in (("CC0", False), ("CC BY", True)):
        path = write(tmp_path, f"publisher: Netwerk\ndate: 2026-01-01\nlicence: {licence}\n")
        root = html_root(brief.load(path).render_html())
        assert (root.query(".colophon .copyright") is not None) == copyright_line
