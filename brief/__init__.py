"""brief: policy briefs from Markdown to print-ready PDF, in several languages.

The pipeline, one module (or small package) a stage, each with a function
as its face, run in order by `brief.build`::

    source.load (Markdown → model) → i18n.translate (an edition, from its
    catalog) → render.render_html (Jinja2 → HTML) → layout.layout
    (WeasyPrint) → variants (screen, press, archive) → finish.finish (pypdf)
    → check.check_pdf (the preflight)

The model (`brief.model`) is the data every stage reads and imports none of
them; `brief.Brief` adds the output methods to it. docs/architecture.md
says what each stage owns.
"""

from __future__ import annotations

import logging

from .api import Brief, load, loads
from .errors import BriefError, CatalogError, SetupError, SourceError
from .model import Chapter, Note, Section
from .options import Options

__all__ = [
    "Brief", "Chapter", "Section", "Note", "load", "loads", "Options",
    "BriefError", "SourceError", "CatalogError", "SetupError", "__version__",
]
__version__ = "0.1.0"

logging.getLogger("brief").addHandler(logging.NullHandler())
