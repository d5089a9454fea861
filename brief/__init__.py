"""brief: policy briefs from Markdown to print-ready PDF, in several languages.

The pipeline, one module a stage, each a function you can call::

    source.load (Markdown → model) → i18n.translate (catalogs) →
    render.render_html (Jinja2 → HTML) → pdf.write_pdf (WeasyPrint + pypdf)
"""

from __future__ import annotations

import logging

from .errors import BriefError
from .model import Brief, Chapter, Note, Section
from .source import load, loads

__all__ = ["Brief", "BriefError", "Chapter", "Note", "Section", "load", "loads", "__version__"]
__version__ = "0.1.0"

logging.getLogger("brief").addHandler(logging.NullHandler())
