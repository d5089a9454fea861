"""Where brief finds what it ships or relies on: the styles (stylesheets and
fonts) and the default CMYK profile of the press edition."""

from __future__ import annotations

from pathlib import Path

from .errors import SetupError

__all__ = ["styles_dir", "fonts_dir", "DEFAULT_ICC"]

#: The press edition's default output intent: Ghostscript's SWOP profile,
#: from Debian's libgs-common (installed by `make`, not shipped).
DEFAULT_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


def styles_dir(styles: str | Path | None = None) -> Path:
    """The styles folder: the given one, the installed copy, or the project's."""
    if styles is not None:
        found = Path(styles)
        if not (found / "brief.css").is_file():
            raise SetupError("the styles folder has no brief.css", found,
                             hint="pass a folder that holds brief.css, press.css and fonts/")
        return found
    here = Path(__file__).resolve().parent
    for candidate in (here / "styles", here.parent / "styles"):
        if (candidate / "brief.css").is_file():
            return candidate
    raise SetupError("cannot find the styles (brief.css)", here,
                     hint="reinstall brief, or pass styles=... with a folder holding brief.css")


def fonts_dir(styles: str | Path | None = None) -> Path:
    """The fonts of the design, ``fonts/`` in the styles folder."""
    return (Path(styles) if styles is not None else styles_dir()) / "fonts"
