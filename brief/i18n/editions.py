"""Editions: a brief in one of its languages, made from its catalog."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message

from ..errors import CatalogError, SourceError
from ..inputs import check_image, check_link, text_limits
from ..markup import images, links
from ..model import Brief, Unit
from .catalog import keyed_units, po_path, read_catalog, units_with_contexts
from .checks import check_translation
from .stats import Counts, counts

__all__ = ["Edition", "translate"]

log = logging.getLogger("brief")


@dataclass(slots=True)
class Edition:
    """One language edition: the translated model and how it was made."""

    brief: Brief
    lang: str
    counts: Counts
    source: bool = False

    def summary(self) -> str:
        if self.source:
            return f"{self.lang}, source edition"
        fell_back = self.counts.fuzzy + self.counts.untranslated
        text = f"{self.lang}, {self.counts.translated}/{self.counts.total} messages translated"
        if fell_back:
            text += (f", {fell_back} in the source language ({self.counts.fuzzy} fuzzy, "
                     f"{self.counts.untranslated} untranslated)")
        return text


def translate(brief: Brief, lang: str, *, locales: str | Path | None = None) -> Edition:
    """The `lang` edition of `brief`, from its PO catalog.

    Fuzzy and untranslated messages fall back to the source text. Every
    translation is checked against its msgid before use (note calls, inline
    markup, raw HTML); the broken ones stop the build, all of them reported
    at once, each with its PO file and line."""
    if lang == brief.lang:
        return Edition(brief, lang, Counts(translated=len(keyed_units(brief))), source=True)
    path = po_path(brief, lang, locales)
    if not path.exists():
        raise CatalogError(f"no catalog for the '{lang}' edition", path,
                           hint=f"run 'brief update {brief.path or 'FILE.md'}' and translate it")
    catalog = read_catalog(path, lang)
    problems: list[CatalogError] = []

    def lookup(unit: Unit, context: str | None) -> str:
        msg = catalog.get(unit.text, context)
        if msg is None or not msg.string or msg.fuzzy:
            return unit.text
        text = str(msg.string)
        problems.extend(_problem(path, msg, what) for what in check_translation(unit.text, text))
        problems.extend(_problem(path, msg, what) for what in _file_problems(brief, text))
        return text

    # Looked up on the source units, in order; `translated` fills a copy in the same order.
    texts = [lookup(u, c) if u.text.strip() else u.text for u, c in units_with_contexts(brief)]
    if problems:
        raise CatalogError.gather(sorted(problems, key=lambda p: p.line or 0))
    it = iter(texts)
    edition = brief.translated(lambda unit: next(it))
    edition.lang = lang
    edition.source_lang = brief.lang
    c = counts(catalog, brief)
    if c.fuzzy + c.untranslated:
        log.warning("%s: %d messages fell back to the source language", path, c.fuzzy + c.untranslated)
    return Edition(edition, lang, c)


def _file_problems(brief: Brief, text: str) -> list[str]:
    """The images and links to local files of a translation, checked as the
    source's are (the translator may name another figure, in the edition's
    language): what is wrong, in words, for the PO file's line."""
    found: list[str] = []
    too_large = text_limits(text)
    if too_large:
        found.append(f"{too_large[0]} ({too_large[1]})")
    for image in images(text):
        try:
            check_image(brief, image.src, None)
        except SourceError as e:
            found.append(e.message + (f" ({e.hint})" if e.hint else ""))
    for href in links(text):
        try:
            check_link(brief, href, None)
        except SourceError as e:
            found.append(e.message)
    return found


def _problem(path: Path, msg: Message, what: str) -> CatalogError:
    shown = str(msg.id)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return CatalogError(f"translation of \"{shown}\": {what}", path, msg.lineno,
                        hint="correct the msgstr in a PO editor")
