"""The design's fonts, packed for the web.

The web stylesheet names ``.woff2`` files; the styles ship TTF and OTF (the
files WeasyPrint embeds in the PDFs). A WOFF2 is made from the TTF or OTF of
the same name with fontTools, losslessly: the same glyphs, names and tables,
only compressed. Fonts are not subset: the SIL Open Font License forbids a
modified font to keep a Reserved Font Name, and a subset is a modification.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from pathlib import Path

from ..files import cached, keep

__all__ = ["font_source", "woff2"]

log = logging.getLogger("brief")


def font_source(packed: Path) -> Path | None:
    """The TTF or OTF beside `packed` (a ``.woff2`` path) that it is made from."""
    for suffix in (".ttf", ".otf"):
        candidate = packed.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def woff2(source: Path) -> bytes:
    """The TTF or OTF `source` packed as WOFF2."""
    stat = source.stat()
    return _woff2(source.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _woff2(source: Path, mtime_ns: int, size: int) -> bytes:
    """Packing a large font takes a second or two, so the result is kept, by
    the font's content, in brief's cache (`brief.files.cache_dir`), and in
    memory for the rest of the process."""
    import fontTools
    from fontTools.ttLib import TTFont

    data = source.read_bytes()
    key = hashlib.sha256(data + fontTools.version.encode()).hexdigest()[:20]
    name = f"{source.stem}-{key}.woff2"
    if (packed := cached("woff2", name)) is not None:
        return packed
    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    log.debug("packed %s as WOFF2 (%d → %d bytes)", source.name, size, out.tell())
    keep("woff2", name, out.getvalue())
    return out.getvalue()
