"""The templates' own words (domain ``brief``): extract them from
brief/templates/ into brief/locales/brief.pot and bring each language's
catalog up to date, as ``make extract`` does.

Babel's Jinja2 extractor finds the messages (``_()``, ``ngettext()``);
brief's own catalog engine writes the files, as GNU gettext writes them, and
merges each language's catalog as ``msgmerge --previous`` does, so that a
translation is never lost and a file is rewritten only when it changes.

    .venv/bin/python scripts/template_words.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

from brief.files import write_atomic
from brief.i18n.catalog import now, same_messages, template_header
from brief.i18n.merge import merge
from brief.i18n.po import Catalog, Entry, po_bytes, read_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "brief" / "templates"
LOCALES = ROOT / "brief" / "locales"
POT = LOCALES / "brief.pot"


def template() -> Catalog:
    """The messages of the templates, in the order they are found."""
    old = read_po(POT) if POT.is_file() else None
    header = Entry("", template_header("brief", now()),
                   comments=["The words of brief's templates (domain brief)."], flags=["fuzzy"])
    catalog = Catalog(header)
    found: dict[tuple[str | None, str], Entry] = {}
    for filename, line, message, comments, context in extract_from_dir(
            str(TEMPLATES), method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}):
        singular, plural = (message, None) if isinstance(message, str) else (message[0], message[1])
        entry = found.get((context, singular))
        if entry is None:
            entry = found[(context, singular)] = Entry(singular, msgctxt=context, msgid_plural=plural,
                                                       msgstr_plural=["", ""] if plural else [])
            entry.flags = ["python-format"] if "%(" in singular else []
            catalog.entries.append(entry)
        entry.references.append((f"brief/templates/{filename}", line))
        entry.extracted_comments += [c for c in comments if c not in entry.extracted_comments]
    if old is not None and same_messages(old, catalog):
        return old
    return catalog


def main() -> int:
    pot = template()
    data = po_bytes(pot)
    if not POT.is_file() or POT.read_bytes() != data:
        write_atomic(POT, data)
        print(f"{POT}: written")
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/brief.po")):
        merged = merge(read_po(po), pot)
        data = po_bytes(merged.catalog)
        if data != po.read_bytes():
            write_atomic(po, data)
        untranslated = [e.msgid for e in merged.catalog.entries if not e.translated]
        print(f"{po}: {len(untranslated)} to translate" + (f": {untranslated}" if untranslated else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
