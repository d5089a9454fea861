"""Catalogs: the editions of a brief in other languages.

The face of the stage; each part is a module of its own:

* `brief.i18n.catalog`: where catalogs live, the template (one message per
  translatable unit), `extract` and `update`;
* `brief.i18n.po`: PO files, read and written as GNU gettext does
  (`posyntax` its grammar, `poformat` and `linebreak` its writing);
* `brief.i18n.merge`: a catalog brought up to date, as ``msgmerge
  --previous`` does;
* `brief.i18n.stats`: how much of each translation is done;
* `brief.i18n.checks`: what a translation must keep of its source;
* `brief.i18n.editions`: `translate`, an edition from its catalog;
* `brief.i18n.templates`: the templates' own words.
"""

from __future__ import annotations

from .catalog import LOCATIONS, Updated, catalog_dir, extract, po_path, pot_path, template_catalog, update
from .checks import check_translation
from .editions import Edition, translate
from .stats import Counts, counts, stats, stats_table
from .templates import template_translations

__all__ = [
    "Edition", "Counts", "counts", "translate", "extract", "update", "stats", "stats_table", "check_translation",
    "catalog_dir", "po_path", "pot_path", "template_catalog", "template_translations", "Updated", "LOCATIONS",
]
