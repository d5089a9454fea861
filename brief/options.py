"""The options of a build: one typed, frozen object, with every default here.

Every entry point takes the same options: the command line builds an
`Options` from its arguments, the API from keyword arguments
(`Options.make(**kwargs)`), and the benchmark and `make` go through the
command line. An unknown name or a value of the wrong type is a
`SetupError` that names it, and suggests the option that was meant, so that
``b.render_html(stylsheet=...)`` fails instead of being ignored.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .errors import SetupError

__all__ = ["Options"]


@dataclass(frozen=True, slots=True)
class Options:
    """How to build a brief's editions. `None` means: as the brief's front
    matter says, or the built-in default."""

    #: The output folder of `build` (the API's `write_pdf` takes a path instead).
    out: Path = Path("build")
    #: The editions to build; empty: the source language and every translation.
    langs: tuple[str, ...] = ()
    #: Also the print shop's edition (PDF/X-4); None: the front matter's ``press:``.
    press: bool | None = None
    #: Also the archive edition (PDF/A-3b with the sources attached).
    archive: bool = False
    #: Also each edition's HTML with its styles, fonts and images, for a browser.
    html: bool = False
    #: Also each edition's web edition: ``<out>/<name>-<lang>/``, a folder that
    #: stands alone (page, styles, fonts, figures, the PDF). It takes the
    #: folder the HTML bundle would take, so the two exclude each other.
    web: bool = False
    #: Where ``out`` is published (``https://example.org/briefs/``): the web
    #: editions then name their public addresses (canonical, hreflang).
    site_url: str | None = None
    #: The folder of brief.css, press.css and the fonts; None: the installed styles.
    styles: Path | None = None
    #: The folder of the catalogs; None: ``locales/`` next to the brief, then ``./locales``.
    locales: Path | None = None
    #: The press edition's CMYK output intent; None: Ghostscript's SWOP profile.
    icc: Path | None = None
    #: Skip a translated edition with less of its messages translated (a
    #: percentage); None: the front matter's ``min_translated:``.
    min_translated: float | None = None
    #: Run the preflight on each PDF written.
    check: bool = True
    #: Use fuzzy translations too: the editions that do are drafts, marked so on every page.
    fuzzy: bool = False
    #: How many editions to lay out at once, each in a process of its own;
    #: None: one per core.
    jobs: int | None = None

    @classmethod
    def make(cls, base: Options | None = None, *, also: Iterable[str] = (), **values: Any) -> Options:
        """Options from keyword arguments (over `base`), each checked.

        `also` names the other keyword arguments of the caller, so that the
        suggestion for a misspelt name may point at one of them too."""
        known = {f.name for f in fields(cls)}
        checked: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                raise _unknown(name, [*known, *also])
            checked[name] = _check(name, value)
        made = dataclasses.replace(base or cls(), **checked)
        if made.html and made.web:
            raise SetupError("options 'html' and 'web' both write <out>/<name>-<lang>/",
                             hint="ask for one of them (the web edition also opens in a browser)")
        return made

    def replace(self, **values: Any) -> Options:
        """A copy with some options changed, each checked."""
        return Options.make(self, **values)


_PATHS = {"out", "styles", "locales", "icc"}
_FLAGS = {"archive", "html", "web", "check", "fuzzy"}


def _check(name: str, value: Any) -> Any:
    """The value in its type, or a SetupError saying what was expected."""
    if name in _PATHS:
        if value is None and name != "out":
            return None
        if isinstance(value, (str, Path)) and str(value):
            return Path(value)
        raise SetupError(f"option '{name}' must be a path, not {value!r}")
    if name in _FLAGS or name == "press":
        if isinstance(value, bool) or (value is None and name == "press"):
            return value
        raise SetupError(f"option '{name}' must be True or False, not {value!r}")
    if name == "langs":
        langs = (value,) if isinstance(value, str) else value
        if isinstance(langs, (list, tuple)) and all(isinstance(v, str) and v for v in langs):
            return tuple(dict.fromkeys(langs))
        raise SetupError(f"option 'langs' must be a list of language tags, not {value!r}")
    if name == "jobs":
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        raise SetupError(f"option 'jobs' must be a number of processes, 1 or more, not {value!r}")
    if name == "min_translated":
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
            return float(value)
        raise SetupError(f"option 'min_translated' must be a percentage from 0 to 100, not {value!r}")
    if name == "site_url":
        return _site_url(value)
    raise AssertionError(f"option {name} has no check")  # every field is covered above


def _site_url(value: Any) -> str | None:
    """An absolute http(s) address, ending with ``/`` (it names a folder)."""
    if value is None:
        return None
    if isinstance(value, str):
        parsed = urlparse(value.strip())
        if parsed.scheme in ("http", "https") and parsed.netloc and not parsed.query and not parsed.fragment:
            url = value.strip()
            return url if url.endswith("/") else url + "/"
    raise SetupError(f"option 'site_url' must be an http or https address, not {value!r}",
                     hint="write the address where the output folder is published, such as "
                          "https://example.org/briefs/")


def _unknown(name: str, names: Iterable[str]) -> SetupError:
    names = sorted(set(names))
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean '{close[0]}'?" if close else None
    listed = ", ".join(names)
    return SetupError(f"unknown option '{name}'", hint=(f"{hint} " if hint else "") + f"the options are {listed}")

