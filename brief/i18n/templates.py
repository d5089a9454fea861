"""The templates' own words ("Notes", "Responsible publisher"), in the
package's gettext domain ``brief``, compiled in memory."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations

from .catalog import read_catalog

__all__ = ["template_translations", "PACKAGE_LOCALES", "TEMPLATE_DOMAIN"]

PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE_DOMAIN = "brief"


@functools.cache
def template_translations(lang: str) -> NullTranslations:
    """The templates' words in `lang` (English, the msgids, when there is no catalog)."""
    base = lang.replace("-", "_").split("_")[0]
    for tag in dict.fromkeys([lang.replace("-", "_"), base]):
        po = PACKAGE_LOCALES / tag / "LC_MESSAGES" / f"{TEMPLATE_DOMAIN}.po"
        if po.is_file():
            catalog = read_catalog(po, tag)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return Translations(buf, domain=TEMPLATE_DOMAIN)
    return NullTranslations()
