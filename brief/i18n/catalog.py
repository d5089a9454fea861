"""A brief's catalogs: where they live, the template (one message per
translatable unit of the model), and reading, writing and updating them.

Two gettext domains. The templates' own words ("Notes", "Responsible
publisher") live in the package, domain ``brief`` (`brief.i18n.templates`).
A brief's texts live next to it: ``locales/<name>.pot`` and
``locales/<lang>/LC_MESSAGES/<name>.po``. Every translatable unit of the
model (`Brief.units`) is one message whose msgid is its inline Markdown, so
that translators see, and keep, the markup and the note calls.

Nothing a translator wrote is lost: `update` marks changed messages fuzzy
(keeping the old translation) and removed ones obsolete, and every file is
replaced atomically.
"""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, normalize, read_po, write_po

from ..errors import CatalogError
from ..files import write_atomic
from ..model import Brief, Unit

__all__ = [
    "catalog_dir", "pot_path", "po_path", "units_with_contexts", "keyed_units", "template_catalog", "read_catalog",
    "write_catalog", "extract", "update",
]


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


def template_catalog(brief: Brief, locales: str | Path | None = None) -> Catalog:
    """The brief's messages, in reading order, as a Babel catalog (the POT)."""
    root = catalog_dir(brief, locales).resolve().parent
    catalog = Catalog(project=brief.name, version=brief.date.isoformat() if brief.date else None,
                      copyright_holder=brief.publisher, charset="utf-8", fuzzy=False,
                      header_comment=f"# Messages of the brief “{brief.name}”.\n"
                                     f"# Translate them in a PO editor; see docs/translating.md.\n#")
    for unit, context in keyed_units(brief):
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


# -- files ----------------------------------------------------------------------------

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


def write_catalog(path: Path, catalog: Catalog) -> None:
    write_atomic(path, po_bytes(catalog))


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    try:
        with path.open("rb") as f:
            return read_po(f, locale=lang, abort_invalid=True)
    except PoFileError as e:
        raise CatalogError(f"cannot read the catalog: {e}", path, e.lineno,
                           hint="fix that line in a PO editor, or restore the file") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise CatalogError(f"cannot read the catalog: {e}", path,
                           hint="save it as UTF-8 from a PO editor") from None


# -- commands ---------------------------------------------------------------------------

def extract(brief: Brief, locales: str | Path | None = None) -> Path:
    """Write ``<locales>/<name>.pot`` and return its path."""
    path = pot_path(brief, locales)
    write_catalog(path, template_catalog(brief, locales))
    return path


def update(brief: Brief, locales: str | Path | None = None) -> Iterator[tuple[Path, Catalog, str]]:
    """Create or update the PO file of each translation; yield each path,
    its catalog and what happened to it ("created", "3 new or changed").

    Changed messages become fuzzy with their old translation kept, removed
    ones obsolete (``#~``), new ones untranslated."""
    template = template_catalog(brief, locales)
    for lang in brief.translations:
        path = po_path(brief, lang, locales)
        if path.exists():
            catalog = read_catalog(path, lang)
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
        write_catalog(path, catalog)
        yield path, catalog, note


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
