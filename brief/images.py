"""What is inside an image file, checked before WeasyPrint reads it.

WeasyPrint drops an image it cannot read with a log line ("Failed to load
image") and goes on, so a broken figure would vanish from the page with
exit status 0. Each image is therefore opened here first, when the brief is
read: a raster image's header is read with Pillow (its size, not its
pixels), and an SVG is parsed with the standard library's expat, refusing a
DTD (entities: external files, or "billion laughs" expansion) and any
reference to a file outside the brief's folder or on the network. What is
wrong comes back as a sentence, for the caller to place at the line of the
image.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
import xml.parsers.expat
from pathlib import Path
from urllib.parse import unquote, urlparse

from PIL import Image, UnidentifiedImageError

__all__ = ["image_problem", "save_image", "MAX_PIXELS", "MAX_SVG_BYTES", "MAX_SVG_DEPTH"]

#: The most pixels an image may have: an A3 page at 300 dpi is 17.5 million.
#: Decoding a larger one (a few hundred kilobytes of PNG can say 30000 ×
#: 30000) would take gigabytes of memory in the layout.
MAX_PIXELS = 25_000_000
#: The largest SVG file read (a chart is rarely over a megabyte).
MAX_SVG_BYTES = 10_000_000

_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href", "http://www.w3.org/1999/xlink href",
          "xlink:href", "src")


def image_problem(path: Path, root: Path) -> str | None:
    """Why the image file at `path` cannot be printed, or None when it can.
    `root` is the folder its references must stay in."""
    try:
        stat = path.stat()
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    return _problem(str(path), str(root), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _problem(path: str, root: str, mtime: int, size: int) -> str | None:
    """Cached on the file's time and size: a brief uses a figure once, but
    it is checked when loaded, validated and built."""
    suffix = Path(path).suffix.lower()
    if suffix == ".svg":
        return _svg_problem(Path(path), Path(root), size)
    return _raster_problem(Path(path), _FORMATS.get(suffix, ""))


def _raster_problem(path: Path, expected: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                kind, (width, height) = img.format, img.size
                if width * height > MAX_PIXELS:
                    return (f"is {width} × {height} pixels, more than brief prints "
                            f"(at most {MAX_PIXELS // 1_000_000} million pixels)")
                img.verify()  # the file's structure and checksums, without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"has more pixels than brief prints (at most {MAX_PIXELS // 1_000_000} million)"
    except UnidentifiedImageError:
        if _looks_like(path, expected):
            return f"is a damaged {expected} file (it cannot be decoded)"
        return f"is not a {expected or 'PNG or JPEG'} image (the file's content is something else)"
    except (OSError, SyntaxError, ValueError) as e:
        return f"is a damaged image ({e})"
    if expected and kind != expected:
        return f"is a {kind} image named as {expected}: rename it to match its content"
    return None


_MAGIC = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}


def _looks_like(path: Path, expected: str) -> bool:
    """Whether the file starts as a file of its format does."""
    magic = _MAGIC.get(expected)
    try:
        with path.open("rb") as f:
            return magic is not None and f.read(len(magic)) == magic
    except OSError:
        return False


#: The deepest nesting of SVG elements read (WeasyPrint draws them recursively).
MAX_SVG_DEPTH = 200


def _svg_problem(path: Path, root: Path, size: int) -> str | None:
    if size > MAX_SVG_BYTES:
        return f"is an SVG of {size:,} bytes, more than brief reads ({MAX_SVG_BYTES:,})"
    try:
        data = path.read_bytes()
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    problems: list[str] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: object) -> None:
        raise _Refused("holds a DTD (<!DOCTYPE ... [ ]>), which can pull in other files: remove it")

    def entity(*_: object) -> None:
        raise _Refused("declares XML entities, which can pull in other files: remove them")

    depth = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        if depth[0] > MAX_SVG_DEPTH:
            raise _Refused(f"nests its elements more than {MAX_SVG_DEPTH} deep, more than brief draws")
        for key, value in attrs.items():
            if key in _HREFS or key.endswith(" href"):
                problems.extend(_reference_problem(value, path, root))
            elif key == "style":
                problems.extend(p for url in _URL.findall(value) for p in _reference_problem(url, path, root))

    def text(data: str) -> None:
        if "url(" in data or "@import" in data:
            urls = _URL.findall(data) + re.findall(r"@import\s+['\"]([^'\"]+)", data)
            problems.extend(p for url in urls for p in _reference_problem(url, path, root))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *_: 0
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: depth.__setitem__(0, depth[0] - 1)
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as e:
        return str(e)
    except xml.parsers.expat.ExpatError as e:
        return f"is not a readable SVG file ({xml.parsers.expat.ErrorString(e.code)}, line {e.lineno})"
    except RecursionError:
        return "is nested too deeply to be read"
    return problems[0] if problems else None


class _Refused(Exception):
    """An SVG construct refused as soon as the parser meets it."""


def _reference_problem(value: str, svg: Path, root: Path) -> list[str]:
    """A reference inside an SVG must point inside the SVG (``#id``), be
    inline data, or name a file inside the brief's folder."""
    value = value.strip()
    if not value or value.startswith("#") or value.startswith("data:"):
        return []
    parsed = urlparse(value)
    if parsed.scheme and parsed.scheme != "file" or value.startswith("//"):
        return [f"refers to '{value[:80]}', on the network: brief reads only files next to the brief"]
    target = Path(unquote(parsed.path))
    try:
        resolved = (svg.parent / target).resolve()
    except (OSError, RuntimeError):
        return [f"refers to '{value[:80]}', which cannot be found"]
    if not resolved.is_relative_to(root):
        return [f"refers to '{value[:80]}', outside the brief's folder"]
    return []


def save_image(im: Image.Image, fmt: str, dpi: tuple[float, float] | None) -> bytes:
    """An image as PNG or JPEG bytes (JPEG at quality 95, without chroma subsampling)."""
    out = io.BytesIO()
    extra: dict[str, object] = {"dpi": dpi} if dpi else {}
    if fmt == "JPEG":
        extra |= {"quality": 95, "subsampling": 0}   # 4:4:4: no colour fringes on sharp edges
    im.save(out, fmt, **extra)
    return out.getvalue()
