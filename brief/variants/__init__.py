"""The outputs of an edition, as one registry: screen, press and archive.

Like WeasyPrint's own PDF variants (``weasyprint/pdf/__init__.py`` gathers
``pdfa``, ``pdfua``, ``pdfx``), each output is a module that says what it
needs, and this registry gathers them; the build asks `VARIANTS` and never
tests a variant's name:

* `screen`: tagged PDF/UA-1, RGB, live links: the edition people read;
* `press`: PDF/X-4 for the print shop: CMYK, 3 mm bleed, crop marks, a
  multiple of four pages, no annotations;
* `archive`: PDF/A-3b with the Markdown source (and a translation's
  catalog) attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SetupError

if TYPE_CHECKING:  # pragma: no cover
    import pypdf
    import weasyprint

    from ..layout import Convert
    from ..model import Brief
    from ..options import Options

__all__ = ["Variant", "VARIANTS", "variant", "Extras"]


@dataclass(frozen=True, slots=True)
class Extras:
    """What a variant adds to the layout: CSS after the stylesheets, and
    folders WeasyPrint may read besides the brief's and the styles'."""

    css: str = ""
    roots: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """One output of an edition, and what it takes at each stage."""

    #: Its name on the command line and in the API (``variant="press"``).
    name: str
    #: WeasyPrint's PDF variant.
    pdf_variant: str
    #: Added to the file name's stem: ``<name>-<lang><suffix>.pdf``.
    suffix: str
    #: What it is for, in a line (for --help and the README).
    description: str
    #: The stylesheets of the styles folder, in order.
    stylesheets: tuple[str, ...] = ("brief.css",)
    #: The page count is padded to a multiple of this with blank pages.
    page_multiple: int = 1
    #: Converts each fetched file (press: SVG colours to CMYK).
    convert: Convert | None = None
    #: CMYK images may stay CMYK (the press edition has a CMYK output intent).
    cmyk: bool = False
    #: Extra CSS and readable folders, from the options (press: the ICC profile).
    extras: Callable[[Options], Extras] | None = None
    #: Files attached to the PDF (archive: the sources), from the source
    #: brief, the edition and the options.
    attachments: Callable[[Brief, Brief, Options], list[weasyprint.Attachment]] | None = None
    #: A last step on the finished file (press: CMYK images, crop marks, no
    #: annotations; archive: no image interpolation).
    finish: Callable[[pypdf.PdfWriter], object] | None = None

    def file_name(self, stem: str, lang: str) -> str:
        return f"{stem}-{lang}{self.suffix}.pdf"


def _registry() -> dict[str, Variant]:
    from . import archive, press, screen
    return {v.name: v for v in (screen.VARIANT, press.VARIANT, archive.VARIANT)}


#: Every variant, by name, in the order a build writes them.
VARIANTS: dict[str, Variant] = _registry()


def variant(name: str) -> Variant:
    """The variant called `name`, or a SetupError that lists them."""
    try:
        return VARIANTS[name]
    except KeyError:
        raise SetupError(f"unknown variant '{name}'", hint=f"use one of {', '.join(VARIANTS)}") from None
