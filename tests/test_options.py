"""Options: one typed, frozen object; every entry point rejects what it
does not know, and the API honours the front matter as the command line
does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

import brief
from brief import Brief, Options, SetupError


def test_defaults_and_types() -> None:
    o = Options.make(locales="loc", langs="fr", press=True, min_translated=80)
    assert o.locales == Path("loc") and o.langs == ("fr",) and o.press is True
    assert o.min_translated == 80.0 and o.check is True and o.styles is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.check = False  # type: ignore[misc]
    assert o.replace(check=False).check is False and o.check is True


@pytest.mark.parametrize("name,value", [
    ("check", "yes"), ("press", 1), ("locales", 3), ("min_translated", 101),
    ("min_translated", True), ("langs", [""]), ("out", None),
])
def test_a_value_of_the_wrong_type_is_refused(name: str, value: object) -> None:
    with pytest.raises(SetupError) as info:
        Options.make(**{name: value})
    assert f"'{name}'" in info.value.message


def test_an_unknown_option_is_refused_with_a_suggestion() -> None:
    with pytest.raises(SetupError) as info:
        Options.make(chek=False)
    assert info.value.message == "unknown option 'chek'"
    assert "did you mean 'check'?" in (info.value.hint or "")


def test_the_api_refuses_unknown_keywords() -> None:
    """A misspelt keyword is not swallowed: ``render_html(stylsheet=...)``
    fails and points at ``stylesheet``."""
    b = Brief(title="T", lang="nl")
    b.chapter("Een").paragraph("Tekst.")
    with pytest.raises(brief.BriefError) as info:
        b.render_html(stylsheet="x.css")
    assert "did you mean 'stylesheet'?" in (info.value.hint or "")
    with pytest.raises(SetupError):
        b.write_pdf("x.pdf", variant_name="press")
    with pytest.raises(SetupError) as unknown:
        b.write_pdf("x.pdf", variant="poster")
    assert "screen" in (unknown.value.hint or "")


def test_write_pdf_honours_press_in_the_front_matter(tmp_path: Path) -> None:
    """With ``press: true``, `write_pdf` writes the print shop's edition
    next to the screen one, as `brief build` does; ``press=False`` or
    ``variant="screen"`` writes the screen edition only."""
    src = tmp_path / "b.md"
    src.write_text("---\ntitle: Drukwerk\nlang: nl\npress: true\n---\n\n# Een\n\nTekst.\n", encoding="utf-8")
    b = brief.load(src)
    out = b.write_pdf(tmp_path / "out" / "x.pdf", check=False)
    assert out == tmp_path / "out" / "x.pdf"
    assert sorted(p.name for p in out.parent.iterdir()) == ["x-press.pdf", "x.pdf"]
    press = PdfReader(out.parent / "x-press.pdf")
    assert "/OutputIntents" in press.trailer["/Root"] and len(press.pages) % 4 == 0
    assert "/OutputIntents" not in PdfReader(out).trailer["/Root"]
    alone = b.write_pdf(tmp_path / "alone" / "y.pdf", press=False, check=False)
    assert [p.name for p in alone.parent.iterdir()] == ["y.pdf"]
