"""A brief's catalogs: where they live, the template (one message per
translatable unit of the model), and extracting and updating them.

Two gettext domains. The templates' own words ("Notes", "Responsible
publisher") live in the package, domain ``brief`` (`brief.i18n.templates`).
A brief's texts live next to it: ``locales/<name>.pot`` and
``locales/<lang>/LC_MESSAGES/<name>.po``. Every translatable unit of the
model (`Brief.units`) is one message whose msgid is its inline Markdown, so
that translators see, and keep, the markup and the note calls.

Catalogs are read and written by `brief.i18n.po` as GNU gettext reads and
writes them, and updated by `brief.i18n.merge` as ``msgmerge --previous``
updates them. Nothing a translator wrote is lost, and nothing is rewritten
when nothing changed: a file is written (atomically) only when its content
changes, and its dates move only then.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from ..errors import CatalogError
from ..files import write_atomic
from ..model import Brief, Unit
from .merge import Merged, merge
from .po import Catalog, Entry, po_bytes, read_po

__all__ = [
    "catalog_dir", "pot_path", "po_path", "units_with_contexts", "keyed_units", "template_catalog",
    "extract", "update", "now", "template_header", "same_messages", "Updated", "LOCATIONS", "compendia_for",
]

#: How ``#:`` references are written, as GNU's ``--add-location``: with
#: line numbers, file names only (quiet diffs), or not at all.
LOCATIONS = ("full", "file", "never")


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

def units_with_contexts(brief: Brief) -> list[tuple[Unit, str | None]]:
    """Every unit (as `Brief.units` yields them) with its msgctxt. The
    context is set only where one text has several kinds (a title that is
    also a chapter title, say)."""
    kinds: dict[str, set[str]] = {}
    units = list(brief.units())
    for u in units:
        kinds.setdefault(u.text, set()).add(u.kind)
    return [(u, u.kind if len(kinds[u.text]) > 1 else None) for u in units]


def keyed_units(brief: Brief) -> list[tuple[Unit, str | None]]:
    """The units that are messages, with their msgctxt: all but the empty
    ones (the title of an untitled opening chapter)."""
    return [(u, c) for u, c in units_with_contexts(brief) if u.text.strip()]


def now() -> str:
    """The time as a catalog's header gives it (UTC)."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")


def template_header(project: str, created: str) -> str:
    """A template's header, as xgettext writes one: the fields a
    translation fills in are placeholders."""
    fields = [("Project-Id-Version", project),
              ("Report-Msgid-Bugs-To", ""), ("POT-Creation-Date", created),
              ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"), ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
              ("Language-Team", "LANGUAGE <LL@li.org>"), ("Language", ""), ("MIME-Version", "1.0"),
              ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit")]
    return "".join(f"{k}: {v}\n" for k, v in fields)


def template_catalog(brief: Brief, locales: str | Path | None = None, *,
                     created: str | None = None) -> Catalog:
    """The brief's messages, in reading order, as a catalog (the POT): each
    with its role (``#.``) and where it is in the brief (``#:``)."""
    root = catalog_dir(brief, locales).resolve().parent
    project = f"{brief.name} {brief.date.isoformat()}" if brief.date else brief.name
    header = Entry("", template_header(project, created or now()), flags=["fuzzy"],
                   comments=[f"Messages of the brief “{brief.name}”.",
                             "Translate them in a PO editor; see docs/translating.md."])
    catalog = Catalog(header)
    found: dict[tuple[str | None, str], Entry] = {}
    for unit, context in keyed_units(brief):
        refs: list[tuple[str, int | None]] = []
        if unit.loc:
            src = Path(unit.loc.file)
            rel = os.path.relpath(src.resolve(), root) if src.is_absolute() or src.exists() else str(src)
            refs = [(rel.replace(os.sep, "/"), unit.loc.line)]
        entry = found.get((context, unit.text))
        if entry is None:
            entry = found[(context, unit.text)] = Entry(unit.text, msgctxt=context)
            catalog.entries.append(entry)
        entry.references += [r for r in refs if r not in entry.references]
        if unit.role not in entry.extracted_comments:
            entry.extracted_comments.append(unit.role)
    return catalog


def same_messages(a: Catalog, b: Catalog) -> bool:
    """Whether two catalogs hold the same entries (their headers aside)."""
    return [e.fields() for e in a.entries] == [e.fields() for e in b.entries]


def _created(catalog: Catalog) -> str | None:
    return catalog.header_field("POT-Creation-Date")


# -- commands ---------------------------------------------------------------------------

def extract(brief: Brief, locales: str | Path | None = None) -> tuple[Path, bool]:
    """Write ``<locales>/<name>.pot``; return its path and whether it was
    written (not when it already says the same, so that its date stays)."""
    path = pot_path(brief, locales)
    template = template_catalog(brief, locales)
    if path.is_file():
        old = read_po(path)
        if same_messages(old, template):
            return path, False
    write_atomic(path, po_bytes(template))
    return path, True


@dataclass(slots=True)
class Updated:
    """What `update` did to one language's catalog."""

    lang: str
    path: Path
    catalog: Catalog
    created: bool
    written: bool
    merged: Merged

    def line(self) -> str:
        if self.created:
            what = "created"
        elif not self.written:
            what = "unchanged"
        else:
            m = self.merged
            what = (f"{m.fuzzy} fuzzy, {m.new} new, {m.obsoleted} obsolete, "
                    f"{len(m.revived)} brought back")
        return f"{self.path}: {what}"


def compendia_for(brief: Brief, lang: str, locales: str | Path | None = None,
                  extra: Sequence[str | Path] = ()) -> list[Catalog]:
    """The catalogs whose translations a `lang` update may reuse, as
    ``msgmerge --compendium``: the `lang` catalogs of the other briefs in
    the same locales folder, then the `extra` files given."""
    own = po_path(brief, lang, locales)
    folder = own.parent
    found = sorted(p for p in folder.glob("*.po") if p != own) if folder.is_dir() else []
    return [read_po(p) for p in [*found, *map(Path, extra)]]


def update(brief: Brief, locales: str | Path | None = None, *, locations: str | None = None,
           compendia: Sequence[str | Path] = (), use_compendia: bool = True) -> Iterator[Updated]:
    """Create or update the PO file of each translation, as ``msgmerge
    --previous`` does: a message whose source changed keeps its old
    translation, marked fuzzy, with the old source as its previous msgid; a
    removed one becomes obsolete and comes back, with its translation, its
    flags and comments, when its text does; a new one is matched with a
    similar translation (current, obsolete, or of the compendia) or comes
    untranslated.

    A file is written only when its content changes. `locations` is how
    references are written (`LOCATIONS`); by default, as the file has them
    (file names only when none of its references has a line number)."""
    if locations is not None and locations not in LOCATIONS:
        raise CatalogError(f"unknown way of writing locations '{locations}'",
                           hint=f"use one of {', '.join(LOCATIONS)}")
    pot = pot_path(brief, locales)
    template = template_catalog(brief, locales)
    if pot.is_file():   # a template with the same messages keeps its date
        old_pot = read_po(pot)
        if (date := _created(old_pot)) and same_messages(old_pot, template):
            template.set_header_field("POT-Creation-Date", date)
    for lang in brief.translations:
        path = po_path(brief, lang, locales)
        created = not path.exists()
        defs = read_po(path) if not created else _new_catalog(brief, lang, template)
        kept = _locations_of(defs)
        how = locations or kept
        same = template.copy()
        if date := _created(defs):    # the date moves only when the messages do
            same.set_header_field("POT-Creation-Date", date)
        comps = compendia_for(brief, lang, locales, compendia) if use_compendia else []
        merged = merge(defs, same, compendia=comps)
        data = po_bytes(merged.catalog, locations=how)
        written = created or not (data == path.read_bytes()
                                  or (how == kept and _same_but_order(defs, merged)))
        if written:
            if merged.entries_changed:
                merged.catalog.set_header_field("POT-Creation-Date", _created(template) or now())
                data = po_bytes(merged.catalog, locations=how)
            write_atomic(path, data)
        yield Updated(lang, path, merged.catalog, created, written, merged)


def _same_but_order(before: Catalog, merged: Merged) -> bool:
    """Whether a merge changed nothing but the order of the header's fields
    (msgmerge writes them in GNU's order; a catalog saved by Babel, Poedit
    or Weblate keeps its own, and is not rewritten for that alone)."""
    after = merged.catalog

    def fields(catalog: Catalog) -> list[tuple[str, str]]:
        return sorted((k.lower(), v.lower() if k.lower() == "content-type" else v)
                      for k, v in catalog.header_fields())

    def comments(catalog: Catalog) -> list[str]:
        return catalog.header.comments if catalog.header else []

    return not merged.entries_changed and fields(before) == fields(after) and comments(before) == comments(after)


def _locations_of(catalog: Catalog) -> str:
    """How a catalog writes its references: ``file`` when it has some and
    none has a line number, else ``full``."""
    refs = [r for e in (*catalog.entries, *catalog.obsolete) for r in e.references]
    return "file" if refs and all(line is None for _, line in refs) else "full"


def _new_catalog(brief: Brief, lang: str, template: Catalog) -> Catalog:
    """An empty catalog for `lang`, with the header a PO editor expects:
    the language, its plural forms (from CLDR through Babel), UTF-8."""
    try:
        locale: Locale | None = Locale.parse(lang.replace("-", "_"))
    except (ValueError, LookupError):
        locale = None
    if locale is not None:
        plural = get_plural(locale)
        forms = f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    else:
        forms = "nplurals=2; plural=(n != 1);"
    fields = [("Project-Id-Version", template.header_field("Project-Id-Version") or brief.name),
              ("POT-Creation-Date", _created(template) or now()), ("PO-Revision-Date", now()),
              ("Last-Translator", ""), ("Language-Team", ""), ("Language", lang),
              ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"),
              ("Content-Transfer-Encoding", "8bit"), ("Plural-Forms", forms)]
    header = Entry("", "".join(f"{k}: {v}\n" for k, v in fields),
                   comments=[f"{locale.english_name} translation of the brief “{brief.name}”." if locale
                             else f"Translation of the brief “{brief.name}”."])
    return Catalog(header)
