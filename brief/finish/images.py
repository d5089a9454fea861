"""Raster images: what WeasyPrint is given, and what the file ends up with.

Before the layout, `for_layout` hands WeasyPrint 70 a raster it can write:
it labels a 16-bit greyscale PNG (Pillow's mode ``I;16``) as 8-bit RGB and
prints a black box, and it copies a CMYK JPEG into a screen or archive
edition as DeviceCMYK, which PDF/A forbids without a CMYK output intent.

After the layout, for the press edition, `to_cmyk` converts every RGB
image to the CMYK of the file's output intent, with littlecms (Pillow's
ImageCms), relative colorimetric with black point compensation: the
colours a proof of the screen edition shows, as near as the press can
print them. Converting after the layout keeps what WeasyPrint did right:
PNG pixels stay lossless (Flate) and their transparency stays a soft mask
(PDF/X-4 allows it), so a transparent picture on a tinted box shows the
tint, as on screen. A JPEG stays a JPEG. Greyscale images stay DeviceGray:
the press prints them with black ink only.

For the archive (PDF/A), `no_interpolation` turns off image smoothing,
which WeasyPrint asks for (``image-rendering: auto``) and PDF/A forbids.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pypdf
from PIL import Image, ImageCms
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    NameObject,
    NumberObject,
    StreamObject,
)

__all__ = ["for_layout", "to_cmyk", "no_interpolation", "DEFAULT_CMYK"]

log = logging.getLogger("brief")

#: The CMYK profile of a CMYK JPEG that carries none (Debian's libgs-common).
DEFAULT_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")

#: Pillow modes WeasyPrint 70 writes as they are (its RasterImage: RGB and
#: grey, with or without alpha; palettes and bilevel it turns into RGB);
#: anything else is converted first.
_WRITABLE = {"RGB", "RGBA", "L", "LA", "P", "1"}


def for_layout(data: bytes, *, cmyk_ok: bool = False) -> bytes | None:
    """The raster `data` as WeasyPrint can write it, or None when it can
    as it is. `cmyk_ok`: a CMYK JPEG may stay CMYK (the press edition)."""
    with Image.open(io.BytesIO(data)) as im:
        if im.mode in _WRITABLE or (im.mode == "CMYK" and cmyk_ok and im.format == "JPEG"):
            return None
        if im.mode == "CMYK":
            source = im.info.get("icc_profile")
            profile = ImageCms.ImageCmsProfile(io.BytesIO(source)) if source else \
                ImageCms.getOpenProfile(str(DEFAULT_CMYK))
            rgb = ImageCms.profileToProfile(
                im, profile, ImageCms.createProfile("sRGB"), outputMode="RGB",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
            assert rgb is not None
            return _save(rgb, "JPEG", im.info.get("dpi"))
        if im.mode.startswith(("I", "F")):
            # 16-bit or 32-bit grey: scaled to 8 bits, not clipped.
            wide = im.convert("I") if im.mode != "I" else im
            high = wide.getextrema()[1]
            top = 65535 if im.mode.startswith("I;16") or float(high) > 255 else 255  # type: ignore[arg-type]
            grey = wide.point(lambda v: v * 255 / top).convert("L")
            return _save(grey, "PNG", im.info.get("dpi"))
        converted = im.convert("RGBA" if "A" in im.mode or "transparency" in im.info else "RGB")
        return _save(converted, "PNG", im.info.get("dpi"))


def _save(im: Image.Image, fmt: str, dpi: tuple[float, float] | None) -> bytes:
    out = io.BytesIO()
    extra: dict[str, object] = {"dpi": dpi} if dpi else {}
    if fmt == "JPEG":
        extra |= {"quality": 95, "subsampling": 0}   # 4:4:4: no colour fringes on sharp edges
    im.save(out, fmt, **extra)
    return out.getvalue()


def _images(writer: pypdf.PdfWriter) -> Iterator[StreamObject]:
    """Every image XObject of the file, soft masks included, once each."""
    for obj in writer._objects:
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image":
            yield obj


def no_interpolation(writer: pypdf.PdfWriter) -> int:
    """Set /Interpolate false on every image (PDF/A-3, ISO 19005-3, 6.2.8)."""
    changed = 0
    for image in _images(writer):
        if image.get("/Interpolate"):
            image[NameObject("/Interpolate")] = BooleanObject(False)
            changed += 1
    return changed


def to_cmyk(writer: pypdf.PdfWriter) -> int:
    """Convert the RGB images of `writer` to its output intent's CMYK, in
    place; returns how many. A file without a CMYK output intent is an
    error of the caller (the press edition always has one)."""
    profile = _output_profile(writer)
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(profile)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    converted = 0
    for index, image in enumerate(writer._objects):
        if not (isinstance(image, StreamObject) and image.get("/Subtype") == "/Image"
                and image.get("/ColorSpace") == "/DeviceRGB"):
            continue
        if image.get("/BitsPerComponent") != 8:
            log.warning("an image with %s bits per component is left in RGB", image.get("/BitsPerComponent"))
            continue
        size = (int(image["/Width"]), int(image["/Height"]))  # type: ignore[call-overload]
        jpeg = image.get("/Filter") in ("/DCTDecode", ["/DCTDecode"])
        if jpeg:
            rgb = Image.open(io.BytesIO(image.get_data())).convert("RGB")
        else:
            rgb = Image.frombytes("RGB", size, image.get_data())
        cmyk = ImageCms.applyTransform(rgb, transform)
        assert cmyk is not None
        new = DecodedStreamObject()
        for key, value in image.items():
            if key not in ("/Filter", "/DecodeParms", "/Decode", "/Length", "/ColorSpace"):
                new[NameObject(key)] = value
        new[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")
        if jpeg:
            # Pillow writes CMYK JPEGs as Adobe does, inverted, with an APP14
            # marker; the Decode array reads them back the right way round.
            new[NameObject("/Filter")] = NameObject("/DCTDecode")
            new[NameObject("/Decode")] = ArrayObject([NumberObject(v) for v in (1, 0) * 4])
            new.set_data(_save(cmyk, "JPEG", None))
            stream: StreamObject = new
        else:
            new.set_data(cmyk.tobytes())
            stream = new.flate_encode()
        writer._replace_object(index + 1, stream)
        converted += 1
    return converted


def _output_profile(writer: pypdf.PdfWriter) -> bytes:
    for intent in writer.root_object.get("/OutputIntents", []):
        intent = intent.get_object()
        profile = intent.get("/DestOutputProfile")
        if profile is not None and profile.get_object().get("/N") == 4:
            return bytes(profile.get_object().get_data())
    raise ValueError("the PDF has no CMYK output intent to convert its images to")
