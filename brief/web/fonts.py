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
import os
from pathlib import Path

from ..files import write_atomic

__all__ = ["cache_dir", "font_source", "woff2"]

log = logging.getLogger("brief")


def cache_dir() -> Path:
    """Where brief keeps what it can make again: ``$BRIEF_CACHE``, else
    ``$XDG_CACHE_HOME/brief``, else ``~/.cache/brief``."""
    if os.environ.get("BRIEF_CACHE"):
        return Path(os.environ["BRIEF_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "brief"


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
    the font's content, in `cache_dir` (and in memory for the rest of the
    process); a cache that cannot be written is only slower."""
    import fontTools
    from fontTools.ttLib import TTFont

    data = source.read_bytes()
    key = hashlib.sha256(data + fontTools.version.encode()).hexdigest()[:20]
    cached = cache_dir() / "woff2" / f"{source.stem}-{key}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    log.debug("packed %s as WOFF2 (%d → %d bytes)", source.name, size, out.tell())
    try:
        write_atomic(cached, out.getvalue())
    except OSError as e:
        log.debug("cannot keep %s: %s", cached, e)
    return out.getvalue()
