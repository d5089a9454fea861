"""The page margins that the text must stay inside: `Margins`, read from
the plain ``@page`` rule of brief.css, or the design's when it cannot be read."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SetupError
from ..measure import MM
from ..resources import styles_dir

__all__ = ["Margins", "FALLBACK_MARGINS_MM"]
#: The margins of the design when brief.css cannot be read (top, right, bottom, left).
FALLBACK_MARGINS_MM = (24.0, 18.0, 22.0, 18.0)


# -- margins --------------------------------------------------------------------------------

_UNITS = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "q": MM / 4, "in": 72.0, "pc": 12.0, "px": 0.75}


@dataclass(slots=True, frozen=True)
class Margins:
    """The page margins, in points. Text belongs inside them; only the running
    heads (top band) and the folios (bottom band) stand in the margins."""

    top: float
    right: float
    bottom: float
    left: float

    @classmethod
    def mm(cls, top: float, right: float, bottom: float, left: float) -> Margins:
        return cls(top * MM, right * MM, bottom * MM, left * MM)

    @classmethod
    def from_css(cls, path: str | Path) -> Margins | None:
        """The margins of the stylesheet's plain ``@page`` rule (not ``:left``,
        ``:first`` or a named page), or None when it has none in absolute units."""
        stat = Path(path).stat()
        sides = _from_css(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)
        return cls(*sides) if sides else None

    @classmethod
    def default(cls, styles: str | Path | None = None) -> Margins:
        """The margins of brief.css in the styles folder, else the design's
        24/18/22/18 mm."""
        try:
            found = cls.from_css(styles_dir(styles) / "brief.css")
        except (SetupError, OSError, UnicodeDecodeError):
            found = None  # a missing or unreadable stylesheet: fall back, the check still runs
        return found or cls.mm(*FALLBACK_MARGINS_MM)


@functools.lru_cache(maxsize=16)
def _from_css(path: str, mtime_ns: int, size: int) -> tuple[float, float, float, float] | None:
    """`Margins.from_css`, once for each version of a stylesheet: parsing
    brief.css costs a tenth of the preflight of a PDF."""
    import tinycss2
    rules = tinycss2.parse_stylesheet(Path(path).read_text(encoding="utf-8"),
                                      skip_comments=True, skip_whitespace=True)
    values: dict[str, float] = {}
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
            continue
        if tinycss2.serialize(rule.prelude).strip():
            continue
        for decl in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                   skip_whitespace=True):
            if decl.type != "declaration":
                continue
            lengths = [_length(t) for t in decl.value if t.type not in ("whitespace", "comment")]
            if not lengths or any(v is None for v in lengths):
                continue
            sides = [v for v in lengths if v is not None]
            if decl.lower_name == "margin" and 1 <= len(sides) <= 4:
                top, right = sides[0], sides[1] if len(sides) > 1 else sides[0]
                bottom = sides[2] if len(sides) > 2 else top
                left = sides[3] if len(sides) > 3 else right
                values.update(top=top, right=right, bottom=bottom, left=left)
            elif decl.lower_name.startswith("margin-") and len(sides) == 1:
                values[decl.lower_name[len("margin-"):]] = sides[0]
    if set(values) >= {"top", "right", "bottom", "left"}:
        return values["top"], values["right"], values["bottom"], values["left"]
    return None

def _length(token: Any) -> float | None:
    if token.type == "dimension" and token.lower_unit in _UNITS:
        return float(token.value) * _UNITS[token.lower_unit]
    if token.type == "number" and token.value == 0:
        return 0.0
    return None
