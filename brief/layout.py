"""HTML → pages: WeasyPrint lays an edition out.

WeasyPrint only reads files from the folders it is given (the brief's
folder, the styles): a brief is untrusted input, and a print build has no
business on the network. What differs between the outputs (stylesheets,
colour conversion of images, the PDF variant) comes from `brief.variants`
as plain values and functions, so that this stage knows none of them.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import weasyprint
from PIL import Image, ImageCms
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .errors import SourceError
from .files import private_tempdir
from .images import save_image
from .resources import DEFAULT_ICC

__all__ = ["layout", "SafeFetcher", "Convert", "raster_for_layout", "RASTER_TYPES"]

#: A conversion of a file's bytes as it is fetched (the press edition's SVG
#: colours): the new bytes, or None to leave them as they are.
Convert = Callable[[Path, bytes], bytes | None]
RASTER_TYPES = (".png", ".jpg", ".jpeg")


class _AltTextFilter(logging.Filter):
    """WeasyPrint logs an image without alt text as an error line of its
    own; brief's check reports it (``missing-alt``) with the file and line
    of the image, so WeasyPrint's line would only say it twice, unlocated."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "has no required alt description" not in str(record.msg)


logging.getLogger("weasyprint").addFilter(_AltTextFilter())


class SafeFetcher(URLFetcher):
    """Fetches ``file:`` URLs inside the allowed folders, and nothing else.

    Raster images are handed over as WeasyPrint can write them
    (`raster_for_layout`; `cmyk`: a CMYK JPEG may stay CMYK); `convert`, if
    given, rewrites other files as they are read (the press edition's SVG)."""

    def __init__(self, *roots: Path, convert: Convert | None = None, cmyk: bool = False) -> None:
        super().__init__(fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]
        self.convert = convert
        self.cmyk = cmyk

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
        if path.suffix.lower() in RASTER_TYPES:
            try:
                changed = raster_for_layout(data, cmyk_ok=self.cmyk)
            except (OSError, ValueError, Image.DecompressionBombError):
                changed = None   # not an image Pillow reads: the loader's checks say why
        else:
            changed = self.convert(path, data) if self.convert is not None else None
        if changed is not None:
            return _Converted(url, changed, {}, 200)
        return URLFetcherResponse(url, data, {}, 200)


class _Converted(URLFetcherResponse):
    """A response whose bytes are not the file's: without a path, so that
    WeasyPrint uses them (for a ``file:`` URL it reads the file again)."""

    @property
    def path(self) -> None:
        return None


def layout(html: str, *, base_dir: Path, stylesheets: Sequence[Path], css: str = "",
           roots: Sequence[Path] = (), convert: Convert | None = None, cmyk: bool = False,
           pdf_variant: str | None = None, source: Path | None = None) -> weasyprint.Document:
    """Lay out the pages of an edition's HTML.

    Files are read from `base_dir` (the brief's folder), the stylesheets'
    folders and `roots`; `css` is added after the stylesheets; `source`
    names the brief in errors."""
    with private_tempdir():  # WeasyPrint's copies of the fonts: removed even if the build is killed
        return _layout(html, base_dir=base_dir, stylesheets=stylesheets, css=css, roots=roots,
                       convert=convert, cmyk=cmyk, pdf_variant=pdf_variant, source=source)


def _layout(html: str, *, base_dir: Path, stylesheets: Sequence[Path], css: str,
            roots: Sequence[Path], convert: Convert | None, cmyk: bool, pdf_variant: str | None,
            source: Path | None) -> weasyprint.Document:
    allowed = [base_dir, *{s.parent for s in stylesheets}, *roots]
    fetcher = SafeFetcher(*allowed, convert=convert, cmyk=cmyk)
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


# -- raster images ------------------------------------------------------------------

#: Pillow modes WeasyPrint 70 writes as they are (its RasterImage: RGB and
#: grey, with or without alpha; palettes and bilevel it turns into RGB);
#: anything else is converted first.
_WRITABLE = {"RGB", "RGBA", "L", "LA", "P", "1"}


def raster_for_layout(data: bytes, *, cmyk_ok: bool = False) -> bytes | None:
    """The raster `data` as WeasyPrint can write it, or None when it can
    as it is. `cmyk_ok`: a CMYK JPEG may stay CMYK (the press edition)."""
    with Image.open(io.BytesIO(data)) as im:
        if im.mode in _WRITABLE or (im.mode == "CMYK" and cmyk_ok and im.format == "JPEG"):
            return None
        if im.mode == "CMYK":
            source = im.info.get("icc_profile")
            profile = ImageCms.ImageCmsProfile(io.BytesIO(source)) if source else \
                ImageCms.getOpenProfile(str(DEFAULT_ICC))
            rgb = ImageCms.profileToProfile(
                im, profile, ImageCms.createProfile("sRGB"), outputMode="RGB",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
            assert rgb is not None
            return save_image(rgb, "JPEG", im.info.get("dpi"))
        if im.mode.startswith(("I", "F")):
            # 16-bit or 32-bit grey: scaled to 8 bits, not clipped.
            wide = im.convert("I") if im.mode != "I" else im
            high = wide.getextrema()[1]
            top = 65535 if im.mode.startswith("I;16") or float(high) > 255 else 255  # type: ignore[arg-type]
            grey = wide.point(lambda v: v * 255 / top).convert("L")
            return save_image(grey, "PNG", im.info.get("dpi"))
        converted = im.convert("RGBA" if "A" in im.mode or "transparency" in im.info else "RGB")
        return save_image(converted, "PNG", im.info.get("dpi"))
