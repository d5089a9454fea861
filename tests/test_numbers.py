"""Numbers keep together, as each language writes them (CLDR through Babel):
digit groups, percent, currency, units, and a short number ending a clause."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.numbers import get_group_symbol
from helpers import html_root

import brief
from brief.render import Inline
from brief.typography import NBSP, NNBSP, number_rules, numbers


@pytest.mark.parametrize("lang", ["fr", "nl", "en", "de", "fr-BE"])
def test_rules_come_from_cldr(lang: str) -> None:
    locale = Locale.parse(lang.replace("-", "_"))
    rules = number_rules(lang)
    group = get_group_symbol(locale)
    assert rules.group == (group if group.isspace() else NNBSP)
    space = re.search(r"0([\s\u00a0\u202f])%", str(locale.percent_formats[None].pattern))
    assert rules.percent == (space.group(1) if space else "")


def test_french_numbers() -> None:
    rules = number_rules("fr")
    text = numbers("Il coûte 9 000 € et touche 41 % des ménages, voir le chapitre 4.", "fr")
    assert f"9{rules.group}000{rules.currency_after}€" in text
    assert f"41{rules.percent}%" in text
    assert f"chapitre{NBSP}4." in text


def test_french_inserts_the_space_cldr_writes() -> None:
    """French writes a space before % and €: one is put in where the author wrote none."""
    rules = number_rules("fr")
    assert rules.percent and rules.currency_after
    assert numbers("41% et 30€", "fr") == f"41{rules.percent}% et 30{rules.currency_after}€"


def test_dutch_and_english_keep_the_authors_spacing_but_no_break() -> None:
    assert numbers("41%", "nl") == "41%"
    assert numbers("41 %", "nl") == f"41{NBSP}%"
    assert numbers("€9,000", "en") == "€9,000"
    assert numbers("€ 9 000", "nl") == f"€{number_rules('nl').currency_before}9{NNBSP}000"


@pytest.mark.parametrize("text,expected", [
    ("12 kWh per dag", f"12{NBSP}kWh per dag"),
    ("3,5 millions de ménages", f"3,5{NBSP}millions de ménages"),
    ("zie p. 12 en art. 5", f"zie p.{NBSP}12 en art.{NBSP}5"),
    ("articles 8 et 24 du code", f"articles{NBSP}8 et 24 du code"),
    ("zie hoofdstuk 4 en bijlage 2", f"zie hoofdstuk{NBSP}4 en bijlage{NBSP}2"),
    ("de 1 à 5 ans", "de 1 à 5 ans"),          # numbers inside a clause still break
    ("in 2015 2024", "in 2015 2024"),          # two years are not one number
])
def test_units_and_announced_numbers(text: str, expected: str) -> None:
    assert numbers(text, "en") == expected


def test_numbers_are_set_in_the_rendered_edition(tmp_path: Path) -> None:
    """The rules run where the typography runs, on the text of each unit,
    never in code."""
    path = tmp_path / "b.md"
    path.write_text("---\ntitle: Chiffres\nlang: fr\n---\n\n# Chapitre\n\n"
                    "Il coûte 9 000 €, pas `9 000 €`.\n", encoding="utf-8")
    html = brief.load(path).render_html()
    p = "".join(html_root(html).query(".columns p, .single p").etree_element.itertext())
    assert f"9{NNBSP}000{number_rules('fr').currency_after}€," in p
    assert "<code>9 000 €</code>" in html


def test_inline_numbers_inside_markup() -> None:
    inline = Inline("fr", {}, {})
    assert str(inline("**41 %** des ménages")) == f"<strong>41{number_rules('fr').percent}%</strong> des ménages"
