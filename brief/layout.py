"""HTML → pages: WeasyPrint lays an edition out.

WeasyPrint only reads files from the folders it is given (the brief's
folder, the styles): a brief is untrusted input, and a print build has no
business on the network. What differs between the outputs (stylesheets,
colour conversion of images, the PDF variant) comes from `brief.variants`
as plain values and functions, so that this stage knows none of them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .errors import SourceError
from .files import private_tempdir

__all__ = ["layout", "SafeFetcher", "Convert"]

#: A conversion of a file's bytes as it is fetched (the press edition's CMYK).
Convert = Callable[[Path, bytes], bytes]


class _AltTextFilter(logging.Filter):
    """WeasyPrint logs an image without alt text as an error line of its
    own; brief's check reports it (``missing-alt``) with the file and line
    of the image, so WeasyPrint's line would only say it twice, unlocated."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "has no required alt description" not in str(record.msg)


logging.getLogger("weasyprint").addFilter(_AltTextFilter())


class SafeFetcher(URLFetcher):
    """Fetches ``file:`` URLs inside the allowed folders, and nothing else.

    `convert`, if given, rewrites each file's bytes as it is read (the press
    edition hands images over in CMYK)."""

    def __init__(self, *roots: Path, convert: Convert | None = None) -> None:
        super().__init__(fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]
        self.convert = convert

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme != "file":
            raise FatalURLFetchingError(f"refused to fetch {url}: only files next to the brief are read")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FatalURLFetchingError(f"refused to read {path}: it is outside the brief's folder")
        data = path.read_bytes()
        if self.convert is not None:
            data = self.convert(path, data)
        return URLFetcherResponse(url, data, {}, 200)


def layout(html: str, *, base_dir: Path, stylesheets: Sequence[Path], css: str = "",
           roots: Sequence[Path] = (), convert: Convert | None = None,
           pdf_variant: str | None = None, source: Path | None = None) -> weasyprint.Document:
    """Lay out the pages of an edition's HTML.

    Files are read from `base_dir` (the brief's folder), the stylesheets'
    folders and `roots`; `css` is added after the stylesheets; `source`
    names the brief in errors."""
    with private_tempdir():  # WeasyPrint's copies of the fonts: removed even if the build is killed
        return _layout(html, base_dir=base_dir, stylesheets=stylesheets, css=css, roots=roots,
                       convert=convert, pdf_variant=pdf_variant, source=source)


def _layout(html: str, *, base_dir: Path, stylesheets: Sequence[Path], css: str,
            roots: Sequence[Path], convert: Convert | None, pdf_variant: str | None,
            source: Path | None) -> weasyprint.Document:
    allowed = [base_dir, *{s.parent for s in stylesheets}, *roots]
    fetcher = SafeFetcher(*allowed, convert=convert)
    fonts = FontConfiguration()
    profiles: dict[str, Any] = {}
    common = {"font_config": fonts, "url_fetcher": fetcher, "color_profiles": profiles}
    sheets = [weasyprint.CSS(filename=str(f), **common) for f in stylesheets]
    if css:
        sheets.append(weasyprint.CSS(string=css, **common))
    try:
        return weasyprint.HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts, color_profiles=profiles, pdf_variant=pdf_variant)
    except FatalURLFetchingError as e:
        cause = e.__cause__ or e
        raise SourceError(str(cause), source, hint="use images that sit in the brief's folder") from None
