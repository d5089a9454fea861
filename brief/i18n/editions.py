"""Editions: a brief in one of its languages, made from its catalog."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..errors import CatalogError, SourceError
from ..inputs import check_image, check_link, localized_image, text_limits
from ..markup import images, links
from ..model import Brief, Foreign, Unit
from .catalog import keyed_units, po_path, units_with_contexts
from .checks import check_translation
from .po import Entry, read_po
from .stats import Counts, count

__all__ = ["Edition", "translate"]

log = logging.getLogger("brief")


@dataclass(slots=True)
class Edition:
    """One language edition: the translated model and how it was made."""

    brief: Brief
    lang: str
    counts: Counts
    source: bool = False

    @property
    def draft(self) -> bool:
        """Printed with fuzzy translations, not yet reviewed."""
        return self.brief.draft

    def summary(self) -> str:
        if self.source:
            return f"{self.lang}, source edition"
        text = f"{self.lang}, {self.counts.translated}/{self.counts.total} messages translated"
        if self.draft:
            text += f", a draft with {self.counts.fuzzy} fuzzy translations"
            if self.counts.untranslated:
                text += f", {self.counts.untranslated} in the source language"
        elif self.counts.fell_back:
            text += (f", {self.counts.fell_back} in the source language ({self.counts.fuzzy} fuzzy, "
                     f"{self.counts.untranslated} untranslated)")
        return text


def translate(brief: Brief, lang: str, *, locales: str | Path | None = None,
              fuzzy: bool = False) -> Edition:
    """The `lang` edition of `brief`, from its PO catalog.

    Untranslated messages, and fuzzy ones, fall back to the source text,
    marked as such (`model.Foreign`) so that it is printed by its own
    language's rules. With `fuzzy`, fuzzy translations are used instead,
    and an edition that uses any is a draft (`Brief.draft`), marked so on
    every page. A figure with a version for the edition beside it
    (``chart.fr.svg`` for ``chart.svg``) takes that version. Every
    translation is checked against its msgid before use
    (note calls, inline markup, raw HTML); the broken ones stop the build,
    all of them reported at once, each with its PO file and line."""
    if lang == brief.lang:
        return Edition(brief, lang, Counts(translated=len(keyed_units(brief))), source=True)
    path = po_path(brief, lang, locales)
    if not path.exists():
        raise CatalogError(f"no catalog for the '{lang}' edition", path,
                           hint=f"run 'brief update {brief.path or 'FILE.md'}' and translate it")
    catalog = read_po(path)
    index = catalog.index()
    problems: list[CatalogError] = []
    used_fuzzy = False

    def lookup(unit: Unit, context: str | None) -> str:
        nonlocal used_fuzzy
        msg = index.get((context, unit.text))
        if msg is None or not msg.has_translation or (msg.fuzzy and not fuzzy):
            return Foreign(unit.text, brief.lang)
        used_fuzzy |= msg.fuzzy
        text = msg.msgstr
        problems.extend(_problem(path, msg, what) for what in check_translation(unit.text, text))
        problems.extend(_problem(path, msg, what) for what in _file_problems(brief, text))
        return text

    # Looked up on the source units, in order; `translated` fills a copy in the same order.
    pairs = units_with_contexts(brief)
    texts = [lookup(u, c) if u.text.strip() else u.text for u, c in pairs]
    if problems:
        raise CatalogError.gather(sorted(problems, key=lambda p: p.line or 0))
    it = iter(texts)
    edition = brief.translated(lambda unit: next(it))
    edition.lang = lang
    edition.source_lang = brief.lang
    edition.draft = used_fuzzy
    for figure in edition.figures():
        figure.src = localized_image(brief, figure.src, lang)
    c = count(index, [(u, ctx) for u, ctx in pairs if u.text.strip()])   # keyed_units, from `pairs`
    fell_back = c.untranslated if fuzzy else c.fell_back
    if fell_back:
        log.warning("%s: %d messages fell back to the source language", path, fell_back)
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


def _problem(path: Path, msg: Entry, what: str) -> CatalogError:
    shown = msg.msgid
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return CatalogError(f"translation of \"{shown}\": {what}", path, msg.msgstr_line or msg.line,
                        hint="correct the msgstr in a PO editor")
