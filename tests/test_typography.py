"""Quotes and French spacing: the typography of each language."""

from __future__ import annotations

import pytest

from brief.render import Inline
from brief.typography import NBSP, NNBSP, educate, french_spacing


@pytest.mark.parametrize("text,expected", [
    ("Pourquoi ? Parce que!", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
    ("Voici : la liste; fin", f"Voici{NBSP}: la liste{NNBSP}; fin"),
    ("à 14:30, voir https://x.be", "à 14:30, voir https://x.be"),
    ("un ratio 1:3", "un ratio 1:3"),
    ("il dit « oui »", f"il dit «{NBSP}oui{NBSP}»"),
    ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ("(?)", "(?)"),
    (f"déjà{NNBSP}? bien", f"déjà{NNBSP}? bien"),
])
def test_french_spacing(text, expected):
    assert french_spacing(text) == expected


def test_french_spacing_looks_at_the_text_before():
    assert french_spacing(" : suite", before="terme") == f"{NBSP}: suite"
    assert french_spacing(": suite", before="terme") == f"{NBSP}: suite"


@pytest.mark.parametrize("lang,expected", [
    ("nl", "Hij zei “ja” en ‘nee’."),
    ("en", "He said “yes” and ‘no’."),
    ("fr", f"Il a dit «{NBSP}oui{NBSP}» et “non”."),
])
def test_quotes_per_language(lang, expected):
    source = {"nl": "Hij zei \"ja\" en 'nee'.", "en": "He said \"yes\" and 'no'.",
              "fr": "Il a dit \"oui\" et 'non'."}[lang]
    assert "".join(educate([("text", source)], lang)) == expected


def test_quotes_span_inline_markup_and_code_is_left_alone():
    html = str(Inline("nl", {}, {})('"**Vet** woord" en `"code"`'))
    assert html == "“<strong>Vet</strong> woord” en <code>&quot;code&quot;</code>"


def test_french_rendering_spaces_across_markup():
    html = str(Inline("fr", {}, {})("**Précarité** : une *vraie* question ? Oui !"))
    assert html == f"<strong>Précarité</strong>{NBSP}: une <em>vraie</em> question{NNBSP}? Oui{NNBSP}!"


@pytest.mark.parametrize("text,expected", [
    ("le dispositif MaPrimeRénov' en France", "le dispositif MaPrimeRénov’ en France"),
    ("l'hiver", "l’hiver"),
    ("il dit 'oui' et part", "il dit “oui” et part"),
])
def test_an_apostrophe_at_the_end_of_a_word_is_no_closing_quote(text: str, expected: str) -> None:
    """French closes single quotes with ”: a straight quote ending a word
    with no quote open before it is an apostrophe (’), not ”."""
    assert "".join(educate([("text", text)], "fr")) == expected
