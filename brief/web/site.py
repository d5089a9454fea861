"""The web editions of a build, side by side: ``<out>/<name>-<lang>/``.

Each folder stands alone (its page, styles, fonts, figures and a copy of
the edition's PDF), so that it can be published on its own; the language
switcher links the sibling folders, and with the site's address
(``Options.site_url``, where ``<out>`` is published) the page also names
its public address and those of the other editions (canonical link,
Open Graph, ``hreflang``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..variants import variant
from .folder import INDEX, write_web_edition

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Brief
    from ..options import Options

__all__ = ["WebOutput", "write_site", "folder_name", "edition_links", "edition_urls", "linked_languages"]


@dataclass(slots=True)
class WebOutput:
    """One web edition written: the path of its page."""

    path: Path
    lang: str
    seconds: float
    #: The PDF placed in the folder and linked, if the edition has one.
    pdf: Path | None = None
    variant: str = "web"
    #: For the command line, which reports the problems of every output.
    problems: list[Any] = field(default_factory=list)
    #: Left as it was: nothing it is made from changed.
    cached: bool = False

    def line(self) -> str:
        with_pdf = f", with {self.pdf.name}" if self.pdf else ", no PDF"
        when = "unchanged, from the cache" if self.cached else f"{self.seconds:.1f} s"
        return f"{self.path}: web edition{with_pdf} ({when})"


def folder_name(stem: str, lang: str) -> str:
    """The folder of an edition's web page: ``<name>-<lang>``, beside its PDF."""
    return f"{stem}-{lang}"


def edition_links(stem: str, langs: list[str]) -> dict[str, str]:
    """Each edition's page, relative to any of them (their folders are siblings)."""
    return {lang: f"../{folder_name(stem, lang)}/{INDEX}" for lang in langs}


def edition_urls(stem: str, langs: list[str], site_url: str | None) -> dict[str, str] | None:
    """Each edition's public address, under `site_url` (the address of the
    output folder), or None when it is not known."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return {lang: urljoin(base, f"{folder_name(stem, lang)}/") for lang in langs}


def linked_languages(brief: Brief, built: Mapping[str, Brief], options: Options) -> list[str]:
    """The editions the switcher links: those built now, and those of the
    brief not built in this run whose page is already in the output folder
    (a build of one language does not link editions that are not there, nor
    one skipped for being too little translated)."""
    attempted = set(options.langs or brief.languages)
    return [lang for lang in brief.languages
            if lang in built or (lang not in attempted
                                 and (options.out / folder_name(brief.name, lang) / INDEX).is_file())]


def write_site(brief: Brief, built: Mapping[str, Brief], options: Options,
               keys: Mapping[str, str] | None = None) -> Iterator[WebOutput]:
    """Write the web edition of each edition in `built` ({lang: the edition's
    model}) into ``options.out/<name>-<lang>/``, with the edition's screen
    PDF (``<name>-<lang>.pdf`` in ``options.out``) placed in the folder
    when it is there, and yield each as it is written.

    With `keys` (each edition's cache key, `brief.build.output_keys`), an
    edition whose key, linked editions, site address and PDF have not
    changed since its page was written is left as it is (and its model,
    which `built` may make only when asked for, is not made)."""
    from ..cache import Cache, Entry, file_digest
    langs = linked_languages(brief, built, options)
    links = edition_links(brief.name, langs)
    urls = edition_urls(brief.name, langs, options.site_url)
    cache = Cache(options.out)
    for lang in built:
        start = time.perf_counter()
        screen = options.out / variant("screen").file_name(brief.name, lang)
        pdf = screen if screen.is_file() else None
        index = options.out / folder_name(brief.name, lang) / INDEX
        key = None
        if keys is not None and lang in keys:
            key = hashlib.sha256(repr(("web", keys[lang], langs, options.site_url, str(options.styles),
                                       file_digest(pdf) if pdf else None)).encode()).hexdigest()
            found = cache.lookup(index, key)
            if found is not None:
                yield WebOutput(index, lang, found.seconds, pdf, cached=True)
                continue
        index = write_web_edition(built[lang], index.parent, editions=links, urls=urls, pdf=pdf,
                                  styles=options.styles)
        seconds = time.perf_counter() - start
        if key is not None:
            cache.store(index, index.read_bytes(), Entry(key, "", 0, seconds, "web edition", [], None))
        yield WebOutput(index, lang, seconds, pdf)
