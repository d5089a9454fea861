"""The archive edition: PDF/A-3b, with what it was made from attached
(AFRelationship Source): the Markdown, and a translation's PO catalog.
Images are not interpolated (PDF/A forbids it; WeasyPrint asks for it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..finish.images import no_interpolation
from ..i18n import po_path
from . import Variant

if TYPE_CHECKING:  # pragma: no cover
    import weasyprint

    from ..model import Brief
    from ..options import Options


def attachments(brief: Brief, edition: Brief, options: Options) -> list[weasyprint.Attachment]:
    """The Markdown source, and the catalog of a translated edition."""
    import weasyprint  # here, not above: a build that lays nothing out does not load it
    files = []
    if brief.path and brief.path.is_file():
        files.append((brief.path, "The brief's Markdown source"))
    if edition.lang != brief.lang:
        po = po_path(brief, edition.lang, options.locales)
        if po.is_file():
            files.append((po, f"The {edition.lang} translation catalog (gettext PO)"))
    return [weasyprint.Attachment(string=f.read_bytes(), name=f.name, description=d, relationship="Source")
            for f, d in files]


VARIANT = Variant(
    name="archive", pdf_variant="pdf/a-3b", suffix="-archive",
    description="PDF/A-3b with the Markdown source (and a translation's catalog) attached",
    attachments=attachments, finish=no_interpolation,
)
