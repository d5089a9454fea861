"""Raster images in the finished file. (What WeasyPrint is given before
the layout is `brief.layout.raster_for_layout`.)

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

from ..images import save_image

__all__ = ["to_cmyk", "no_interpolation"]

log = logging.getLogger("brief")


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
            new.set_data(save_image(cmyk, "JPEG", None))
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
