"""Catalogs: the editions of a brief in other languages.

Two gettext domains. The templates' own words ("Notes", "Responsible
publisher") live in the package, domain ``brief``. A brief's texts live next
to it: ``locales/<name>.pot`` and ``locales/<lang>/LC_MESSAGES/<name>.po``.
Every translatable unit of the model (`Brief.units`) is one message whose
msgid is its inline Markdown, so that translators see, and keep, the markup
and the note calls. Catalogs are read and written with Babel's messages API
and compiled in memory; no ``.mo`` file is ever written.

Nothing a translator wrote is lost: `update` lets Babel mark changed
messages fuzzy (keeping the old translation) and removed ones obsolete, and
every file is replaced atomically.
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, normalize, read_po, write_po
from babel.support import NullTranslations, Translations
from markdown_it import MarkdownIt

from ..errors import BriefError
from ..model import Brief, Unit, note_calls

__all__ = [
    "Edition", "translate", "extract", "update", "stats", "stats_table", "check_translation",
    "catalog_dir", "po_path", "pot_path", "template_catalog", "template_translations",
]

log = logging.getLogger("brief")

PACKAGE_LOCALES = Path(__file__).parent.parent / "locales"
TEMPLATE_DOMAIN = "brief"


# -- where catalogs live ----------------------------------------------------------

def catalog_dir(brief: Brief, locales: str | Path | None = None) -> Path:
    """The given folder, else ``locales/`` next to the brief, else ``./locales``."""
    if locales is not None:
        return Path(locales)
    beside = brief.base_dir / "locales"
    if beside.is_dir():
        return beside
    here = Path.cwd() / "locales"
    return here if here.is_dir() else beside


def pot_path(brief: Brief, locales: str | Path | None = None) -> Path:
    return catalog_dir(brief, locales) / f"{brief.name}.pot"


def po_path(brief: Brief, lang: str, locales: str | Path | None = None) -> Path:
    return catalog_dir(brief, locales) / lang / "LC_MESSAGES" / f"{brief.name}.po"


# -- the template: one message per unit ---------------------------------------------

def _kind(unit: Unit) -> str:
    """The role without its place: "pull quote", "chapter title", "note"."""
    return unit.role.split(",")[0].split(" [")[0].rstrip(" 0123456789*()").strip() or unit.role


def _with_contexts(brief: Brief) -> list[tuple[Unit, str | None]]:
    """Every unit with its msgctxt, set only where one text has several kinds
    (a title that is also a chapter title, say)."""
    kinds: dict[str, set[str]] = {}
    units = list(brief.units())
    for u in units:
        kinds.setdefault(u.text, set()).add(_kind(u))
    return [(u, _kind(u) if len(kinds[u.text]) > 1 else None) for u in units]


def _keyed_units(brief: Brief) -> Iterator[tuple[Unit, str | None]]:
    return ((u, c) for u, c in _with_contexts(brief) if u.text.strip())


def template_catalog(brief: Brief, locales: str | Path | None = None) -> Catalog:
    """The brief's messages, in reading order, as a Babel catalog (the POT)."""
    root = catalog_dir(brief, locales).resolve().parent
    catalog = Catalog(project=brief.name, version=brief.date.isoformat() if brief.date else None,
                      copyright_holder=brief.publisher, charset="utf-8", fuzzy=False,
                      header_comment=f"# Messages of the brief “{brief.name}”.\n"
                                     f"# Translate them in a PO editor; see docs/translating.md.\n#")
    for unit, context in _keyed_units(brief):
        loc = []
        if unit.loc:
            src = Path(unit.loc.file)
            rel = os.path.relpath(src.resolve(), root) if src.is_absolute() or src.exists() else str(src)
            loc = [(rel.replace(os.sep, "/"), unit.loc.line)]
        existing = catalog.get(unit.text, context)
        if existing is not None:
            existing.locations = list(existing.locations) + loc
            if unit.role not in existing.auto_comments:
                existing.auto_comments = list(existing.auto_comments) + [unit.role]
            continue
        catalog.add(unit.text, "", locations=loc, auto_comments=[unit.role], context=context)
    return catalog


def po_bytes(catalog: Catalog, width: int = 76) -> bytes:
    """The catalog as a PO file, with each fuzzy message's previous msgid as
    ``#|`` lines (so that a PO editor can show what changed).

    Babel 2.19 wraps a long previous msgid as comment text, which msgfmt
    rejects; the ``#|`` lines are therefore written here, in gettext's form."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=width, include_previous=False)
    text = buf.getvalue().decode("utf-8")
    for m in catalog:
        if not m.id or not m.previous_id or not isinstance(m.id, str):
            continue
        head = (f"msgctxt {normalize(m.context, width=width)}\n" if m.context else "") \
            + f"msgid {normalize(m.id, width=width)}\n"
        previous = f"msgid {normalize(m.previous_id[0], width=width)}".split("\n")
        at = text.find("\n" + head)
        if at >= 0:
            text = text[:at + 1] + "".join(f"#| {line}\n" for line in previous) + text[at + 1:]
    return text.encode("utf-8")


def _write_catalog(path: Path, catalog: Catalog) -> None:
    from ..pdf import write_atomic
    write_atomic(path, po_bytes(catalog))


def _read_catalog(path: Path, lang: str | None = None) -> Catalog:
    try:
        with path.open("rb") as f:
            return read_po(f, locale=lang, abort_invalid=True)
    except PoFileError as e:
        raise BriefError(f"cannot read the catalog: {e}", path, e.lineno,
                         hint="fix that line in a PO editor, or restore the file") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise BriefError(f"cannot read the catalog: {e}", path,
                         hint="save it as UTF-8 from a PO editor") from None


def extract(brief: Brief, locales: str | Path | None = None) -> Path:
    """Write ``<locales>/<name>.pot`` and return its path."""
    path = pot_path(brief, locales)
    _write_catalog(path, template_catalog(brief, locales))
    return path


def update(brief: Brief, locales: str | Path | None = None) -> list[tuple[Path, str]]:
    """Create or update the PO file of each translation.

    Changed messages become fuzzy with their old translation kept, removed
    ones obsolete (``#~``), new ones untranslated."""
    template = template_catalog(brief, locales)
    out = []
    for lang in brief.translations:
        path = po_path(brief, lang, locales)
        if path.exists():
            catalog = _read_catalog(path, lang)
            before = {(m.id, m.context) for m in catalog if m.id}
            catalog.update(template, update_header_comment=False, keep_user_comments=True)
            _revive(catalog)
            note = f"{sum(1 for m in catalog if m.id and (m.id, m.context) not in before)} new or changed"
        else:
            catalog = Catalog(locale=lang.replace("-", "_"), project=brief.name,
                              copyright_holder=brief.publisher, charset="utf-8", fuzzy=False,
                              header_comment=template.header_comment)
            catalog.update(template, no_fuzzy_matching=True)
            note = "created"
        catalog.revision_date = datetime.datetime.now(datetime.UTC)
        _write_catalog(path, catalog)
        out.append((path, f"{note}; {_counts(catalog, brief).line()}"))
    return out


def _revive(catalog: Catalog) -> None:
    """A message that comes back gets its old translation back from the
    obsolete ones, as GNU msgmerge does (Babel leaves it empty)."""
    for msg in catalog:
        if not isinstance(msg.id, str) or not msg.id or (msg.string and not msg.fuzzy):
            continue
        key: str | tuple[str, str] = (msg.id, msg.context) if msg.context else msg.id
        old = catalog.obsolete.get(key)
        if old is not None and old.string:
            msg.flags.discard("fuzzy")
            msg.previous_id = []
            msg.string = old.string
            if old.fuzzy:
                msg.flags.add("fuzzy")
            del catalog.obsolete[key]


# -- statistics -------------------------------------------------------------------------

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
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def line(self) -> str:
        return (f"{self.translated} translated, {self.fuzzy} fuzzy, {self.untranslated} untranslated "
                f"({self.percent:.0f}%)")


def _counts(catalog: Catalog, brief: Brief) -> Counts:
    c = Counts()
    for unit, context in _keyed_units(brief):
        words = len(unit.text.split())
        msg = catalog.get(unit.text, context)
        if msg is not None and msg.string and not msg.fuzzy:
            c.translated += 1
            c.words_translated += words
        elif msg is not None and msg.string and msg.fuzzy:
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
        catalog = _read_catalog(path, lang) if path.exists() else Catalog(locale=None)
        out[lang] = _counts(catalog, brief)
    return out


def stats_table(brief: Brief, locales: str | Path | None = None) -> list[str]:
    rows = [f"{'lang':<6}{'messages':>22}{'words':>24}{'done':>7}",
            f"{'':<6}{'ok':>7}{'fuzzy':>7}{'todo':>8}{'ok':>8}{'fuzzy':>8}{'todo':>8}{'%':>7}"]
    for lang, c in stats(brief, locales).items():
        rows.append(f"{lang:<6}{c.translated:>7}{c.fuzzy:>7}{c.untranslated:>8}"
                    f"{c.words_translated:>8}{c.words_fuzzy:>8}{c.words_untranslated:>8}"
                    f"{c.percent:>6.1f}%")
    return rows


# -- editions -----------------------------------------------------------------------------

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
            text += f", {fell_back} in the source language ({self.counts.fuzzy} fuzzy, {self.counts.untranslated} untranslated)"
        return text


def translate(brief: Brief, lang: str, *, locales: str | Path | None = None,
              min_translated: float | None = None, **_: object) -> Edition:
    """The `lang` edition of `brief`, from its PO catalog.

    Fuzzy and untranslated messages fall back to the source text. Every
    translation is checked against its msgid before use (note calls, inline
    markup, raw HTML); a bad one stops the build with its PO file and line."""
    if lang == brief.lang:
        n = sum(1 for _ in _keyed_units(brief))
        return Edition(brief, lang, Counts(translated=n), source=True)
    path = po_path(brief, lang, locales)
    if not path.exists():
        raise BriefError(f"no catalog for the '{lang}' edition", path,
                         hint=f"run 'brief update {brief.path or 'FILE.md'}' and translate it")
    catalog = _read_catalog(path, lang)
    counts = _counts(catalog, brief)
    threshold = min_translated if min_translated is not None else brief.min_translated
    if threshold is not None and counts.percent < threshold:
        raise BriefError(
            f"the '{lang}' edition is {counts.percent:.1f}% translated, below the minimum of {threshold:g}%",
            path, hint="translate the remaining messages, or lower --min-translated / min_translated:")
    problems: list[BriefError] = []

    def lookup(unit: Unit, context: str | None) -> str:
        msg = catalog.get(unit.text, context)
        if msg is None or not msg.string or msg.fuzzy:
            return unit.text
        text = str(msg.string)
        for what in check_translation(unit.text, text):
            problems.append(_problem(path, msg, what))
        return text

    # Looked up on the source units, in order; `translated` fills a copy in the same order.
    translations = [lookup(u, c) for u, c in _with_contexts(brief)]
    if problems:
        raise problems[0]
    texts = iter(translations)
    edition = brief.translated(lambda unit: next(texts))
    edition.lang = lang
    edition.source_lang = brief.lang
    if counts.fuzzy + counts.untranslated:
        log.warning("%s: %d messages fell back to the source language", path,
                    counts.fuzzy + counts.untranslated)
    return Edition(edition, lang, counts)


def _problem(path: Path, msg: Message, what: str) -> BriefError:
    shown = str(msg.id)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return BriefError(f"translation of \"{shown}\": {what}", path, msg.lineno,
                      hint="correct the msgstr in a PO editor")


# -- checks ---------------------------------------------------------------------------------

_RAW_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*|!--.*?--)>", re.S)
_MARKUP = ("strong_open", "em_open", "link_open", "code_inline", "image")


@functools.cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def _markup(text: str) -> tuple[Counter[str], list[str]]:
    """Counts of the inline markup of a text, and its leftover markers:
    ``*`` or ``_`` or backticks that did not become markup."""
    counts: Counter[str] = Counter()
    stray: list[str] = []
    for block in _inline_parser().parseInline(note_call_free(text)):
        for tok in block.children or []:
            if tok.type in _MARKUP:
                counts[tok.type] += 1
            elif tok.type == "text":
                stray += re.findall(r"\*\*|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`", tok.content)
    return counts, stray


def note_call_free(text: str) -> str:
    return re.sub(r"\[\^[^\]\s]+\]", "", text)


def check_translation(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with a translation, in words; empty when it may be used."""
    problems = []
    want, got = Counter(note_calls(msgid)), Counter(note_calls(msgstr))
    if want != got:
        missing = sorted((want - got).elements())
        extra = sorted((got - want).elements())
        if missing and extra:
            problems.append(f"note call {', '.join(f'[^{m}]' for m in extra)} should be "
                            f"{', '.join(f'[^{m}]' for m in missing)}")
        elif missing:
            problems.append(f"drops the note call {', '.join(f'[^{m}]' for m in missing)}")
        else:
            problems.append(f"adds the note call {', '.join(f'[^{m}]' for m in extra)}")
    if _RAW_HTML.search(msgstr) and not _RAW_HTML.search(msgid):
        problems.append(f"carries raw HTML {_RAW_HTML.search(msgstr).group(0)}")  # type: ignore[union-attr]
    (mid, _), (mstr, stray) = _markup(msgid), _markup(msgstr)
    if mid != mstr:
        names = {"strong_open": "**bold**", "em_open": "*emphasis*", "link_open": "[link](…)",
                 "code_inline": "`code`", "image": "![image](…)"}
        diff = [f"{names[k]} ×{mid[k]} in the source, ×{mstr[k]} here" for k in _MARKUP if mid[k] != mstr[k]]
        problems.append("breaks the inline markup: " + "; ".join(diff))
    elif stray and not _markup(msgid)[1]:
        problems.append(f"breaks the inline markup: an unmatched {stray[0]!r}")
    return problems


# -- the templates' own words ---------------------------------------------------------------

@functools.cache
def template_translations(lang: str) -> NullTranslations:
    """The templates' words in `lang` (English, the msgids, when there is no catalog)."""
    base = lang.replace("-", "_").split("_")[0]
    for tag in dict.fromkeys([lang.replace("-", "_"), base]):
        po = PACKAGE_LOCALES / tag / "LC_MESSAGES" / f"{TEMPLATE_DOMAIN}.po"
        if po.is_file():
            catalog = _read_catalog(po, tag)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return Translations(buf, domain=TEMPLATE_DOMAIN)
    return NullTranslations()
