"""The templates' own words ("Notes", "Responsible publisher"), in the
package's gettext domain ``brief``: its catalogs, read by `brief.i18n.po`,
looked up as Jinja2's i18n extension asks (gettext, ngettext, pgettext)."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

from .po import Catalog, Entry, read_po

__all__ = ["template_translations", "CatalogTranslations", "PACKAGE_LOCALES", "TEMPLATE_DOMAIN"]

PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE_DOMAIN = "brief"


class CatalogTranslations(gettext.NullTranslations):
    """The translated entries of a catalog (fuzzy ones left out, as msgfmt
    leaves them out of a .mo file), with its plural rule."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._entries: dict[tuple[str | None, str], Entry] = {
            e.key: e for e in catalog.entries if e.translated}
        forms = catalog.header_field("Plural-Forms") or "plural=(n != 1);"
        expr = forms.split("plural=", 1)[1].rstrip("; ") if "plural=" in forms else "(n != 1)"
        self._plural: Callable[[int], int] = gettext.c2py(expr)  # type: ignore[attr-defined]

    def gettext(self, message: str) -> str:
        return self.pgettext(None, message)  # type: ignore[arg-type]

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.npgettext(None, msgid1, msgid2, n)  # type: ignore[arg-type]

    def pgettext(self, context: str | None, message: str) -> str:
        entry = self._entries.get((context, message))
        return entry.msgstr if entry is not None and entry.msgid_plural is None else message

    def npgettext(self, context: str | None, msgid1: str, msgid2: str, n: int) -> str:
        entry = self._entries.get((context, msgid1))
        if entry is None or entry.msgid_plural is None:
            return msgid1 if n == 1 else msgid2
        index = self._plural(n)
        forms = entry.msgstr_plural
        return forms[index] if 0 <= index < len(forms) else (msgid1 if n == 1 else msgid2)


@functools.cache
def template_translations(lang: str) -> gettext.NullTranslations:
    """The templates' words in `lang` (English, the msgids, when there is no catalog)."""
    base = lang.replace("-", "_").split("_")[0]
    for tag in dict.fromkeys([lang.replace("-", "_"), base]):
        po = PACKAGE_LOCALES / tag / "LC_MESSAGES" / f"{TEMPLATE_DOMAIN}.po"
        if po.is_file():
            return CatalogTranslations(read_po(po))
    return gettext.NullTranslations()
