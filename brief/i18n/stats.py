"""How much of each translation is done: messages and words translated,
fuzzy and untranslated, counted against the brief as it is now."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import Brief, Unit
from .catalog import keyed_units, po_path
from .po import Catalog, Entry, read_po

__all__ = ["Counts", "counts", "count", "stats", "stats_table"]


@dataclass(slots=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words_translated: int = 0
    words_fuzzy: int = 0
    words_untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def fell_back(self) -> int:
        """Messages an edition prints in the source language (fuzzy or untranslated)."""
        return self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def line(self) -> str:
        return (f"{self.translated} translated, {self.fuzzy} fuzzy, {self.untranslated} untranslated "
                f"({self.percent:.0f}%)")


def counts(catalog: Catalog, brief: Brief) -> Counts:
    """The state of each of the brief's messages in `catalog`."""
    return count(catalog.index(), keyed_units(brief))


def count(index: Mapping[tuple[str | None, str], Entry], keyed: Iterable[tuple[Unit, str | None]]) -> Counts:
    """`counts`, from a catalog's index and the brief's messages with their
    contexts (`keyed_units`), for a caller that has them already."""
    c = Counts()
    for unit, context in keyed:
        words = len(unit.text.split())
        msg = index.get((context, unit.text))
        if msg is not None and msg.translated:
            c.translated += 1
            c.words_translated += words
        elif msg is not None and msg.has_translation and msg.fuzzy:
            c.fuzzy += 1
            c.words_fuzzy += words
        else:
            c.untranslated += 1
            c.words_untranslated += words
    return c


def stats(brief: Brief, locales: str | Path | None = None) -> dict[str, Counts]:
    """Per translation, messages and words translated, fuzzy and untranslated."""
    out = {}
    for lang in brief.translations:
        path = po_path(brief, lang, locales)
        catalog = read_po(path) if path.exists() else Catalog()
        out[lang] = counts(catalog, brief)
    return out


def stats_table(brief: Brief, locales: str | Path | None = None) -> list[str]:
    """`stats` as the rows of a table, for the command line: per language,
    messages and words translated, fuzzy and to do, the share done, and how
    many messages the edition prints in the source language."""
    rows = [f"{'lang':<6}{'messages':>22}{'words':>24}{'done':>7}{'source':>8}",
            f"{'':<6}{'ok':>7}{'fuzzy':>7}{'todo':>8}{'ok':>8}{'fuzzy':>8}{'todo':>8}{'%':>7}{'lang':>8}"]
    for lang, c in stats(brief, locales).items():
        rows.append(f"{lang:<6}{c.translated:>7}{c.fuzzy:>7}{c.untranslated:>8}"
                    f"{c.words_translated:>8}{c.words_fuzzy:>8}{c.words_untranslated:>8}"
                    f"{c.percent:>6.1f}%{c.fell_back:>8}")
    return rows
