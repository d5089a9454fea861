"""Model → the web edition: one self-contained folder per edition.

The web edition holds the same content as the PDF, in the same order, for a
reader on a phone or a desktop: ``index.html``, its stylesheet and fonts, and
the figures, with no request to any other host. It differs from the print
HTML (`brief.render`) where a screen differs from a page:

* a numbered note is a link to the note at the end, and the note links back
  to each of its calls (↩);
* a symbol note (a definition) is shown next to the paragraph that calls it,
  in the margin on a wide screen, not at the foot of a page;
* a language switcher links the other editions (``hreflang``), and a button
  the edition's PDF; the page's print stylesheet points to that PDF.

The words of the page go through gettext like those of the print templates
(domain ``brief``); the HTML of note calls comes from a macro of
``web_blocks.html``, so that designers own all of the markup.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

from babel import Locale
from babel.dates import format_date
from babel.units import format_unit

from . import model
from .errors import SetupError
from .model import Brief
from .render import WORD_JOINER, Inline, _environment, _locale, _numbered, _slug

__all__ = ["render_web_html", "write_web_edition", "WebInline", "TEMPLATE", "STYLESHEET",
           "language_name", "cache_dir"]

log = logging.getLogger("brief")

TEMPLATE = "web.html"
#: The web edition's stylesheet, in the styles folder beside brief.css.
STYLESHEET = "web.css"
#: Font files a stylesheet may name; WOFF2 is made from a TTF or OTF of the
#: same name when the styles folder has no WOFF2 of its own.
FONT_TYPES = (".woff2", ".woff", ".ttf", ".otf")


@dataclass(slots=True)
class WebInline(Inline):
    """Inline Markdown of one web edition.

    Every call of a note gets an id of its own (``call-<label>``, then
    ``call-<label>-2`` ...), so that the note can link back to each call.
    A symbol note called in a text waits in `pending` until the template
    places it after the block that holds the call (`take_terms`)."""

    #: The template module whose ``note_call`` macro writes a call.
    macros: Any = None
    #: The ids of the calls of each note, in reading order.
    calls: dict[str, list[str]] = field(default_factory=dict)
    #: Symbol notes called but not yet placed.
    pending: list[str] = field(default_factory=list)
    #: Symbol notes placed (each once, after its first call).
    placed: set[str] = field(default_factory=set)

    def note_call(self, label: str) -> str:
        ids = self.calls.setdefault(label, [])
        call_id = f"call-{_slug(label)}" + (f"-{len(ids) + 1}" if ids else "")
        ids.append(call_id)
        symbol = label.startswith("*")
        if label not in self.notes:
            return f'{WORD_JOINER}<span class="note-call missing" id="{call_id}">?</span>'
        if symbol and label not in self.placed:
            self.placed.add(label)
            self.pending.append(label)
        target = ("term-" if symbol else "note-") + _slug(label)
        mark = self.marks.get(label, "?")
        return WORD_JOINER + str(self.macros.note_call(mark=mark, id=call_id, href=f"#{target}",
                                                       symbol=symbol))

    def take_terms(self) -> list[model.Note]:
        """The symbol notes called since the last time, to be placed now."""
        taken = [self.notes[label] for label in self.pending]
        self.pending.clear()
        return taken


def language_name(lang: str) -> str:
    """The language's name in itself ("Nederlands", "Français")."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_")) or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


def _og_locale(lang: str) -> str:
    """Open Graph's ``ll_TT`` form: the territory most likely for a bare language."""
    loc = _locale(lang)
    if not loc.territory:
        from babel.core import get_global
        likely = get_global("likely_subtags").get(loc.language, "")
        parts = likely.split("_")
        territory = parts[-1] if len(parts) > 1 and parts[-1].isupper() else None
        return f"{loc.language}_{territory}" if territory else loc.language
    return f"{loc.language}_{loc.territory}"


def render_web_html(brief: Brief, lang: str | None = None, *, editions: Mapping[str, str] | None = None,
                    pdf: str | None = None, pdf_size: int | None = None,
                    stylesheet: str = f"styles/{STYLESHEET}", url: str | None = None,
                    locales: Any = None, figure_sizes: Mapping[str, tuple[int, int]] | None = None,
                    **options: Any) -> str:
    """The HTML of one web edition. With `lang` other than the brief's, the
    brief is first translated from its catalog (`brief.i18n`).

    `editions` maps each language to the address of its edition, relative to
    this page (``{"fr": "../energiearmoede-fr/"}``), for the language switcher
    and the ``hreflang`` links; `pdf` is the address of this edition's PDF,
    `pdf_size` its size in bytes (shown beside the link); `url` the page's
    own public address, when known (Open Graph, canonical link);
    `figure_sizes` the intrinsic size of each figure (``src`` → width,
    height), so that the page does not jump as images load."""
    from . import i18n
    if lang and lang != brief.lang:
        brief = i18n.translate(brief, lang, locales=locales, **options).brief
    lang = brief.lang
    marks = brief.marks()
    env = _web_environment(lang)
    macros = env.get_template("web_blocks.html").make_module({"lang": lang})
    inline = WebInline(lang, marks, brief.notes, set(), brief.references, macros=macros)
    notes = [n for n in brief.ordered_notes() if n.label in marks and not n.symbol]
    # Every edition, this one too, as search engines ask; absolute where the page's address is known.
    alternates = {code: urljoin(url, href) if url else href for code, href in (editions or {}).items()}
    others = [code for code in alternates if code != lang]
    return env.get_template(TEMPLATE).render(
        brief=brief, md=inline, lang=lang, stylesheet=stylesheet, url=url,
        date=format_date(brief.date, "long", locale=_locale(lang)) if brief.date else None,
        year=brief.date.year if brief.date else None,
        chapters=_numbered(brief), endnotes=notes, marks=marks, slug=_slug,
        kind=lambda b: type(b).__name__.lower(),
        editions=[{"lang": code, "name": language_name(code), "href": href, "current": code == lang}
                  for code, href in (editions or {lang: ""}).items()],
        alternates=alternates if len(alternates) > 1 else {}, og_locale=_og_locale(lang),
        og_alternates=[_og_locale(code) for code in others],
        pdf=pdf, pdf_size=_file_size(pdf_size, lang) if pdf_size else None,
        figure_sizes=figure_sizes or {},
    )


@functools.lru_cache(maxsize=16)
def _web_environment(lang: str) -> Any:
    """The Jinja2 environment of one language, kept: compiling the templates
    is half the time of a render, and the preview renders on every save.
    (Jinja2 still reloads a template whose file has changed.)"""
    from . import i18n
    return _environment(i18n.template_translations(lang))


def _file_size(size: int, lang: str) -> str:
    """A file size as a reader says it, in the edition's language ("1,2 MB")."""
    loc = _locale(lang)
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=loc)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=loc)


# -- the folder ----------------------------------------------------------------------

def write_web_edition(brief: Brief, folder: str | Path, lang: str | None = None, *,
                      editions: Mapping[str, str] | None = None, pdf: str | Path | None = None,
                      styles: str | Path | None = None, locales: Any = None,
                      url: str | None = None, **options: Any) -> Path:
    """Write one web edition into `folder`: ``index.html``, ``styles/`` (the
    web stylesheet and the fonts it names) and the figures, and return the
    path of ``index.html``.

    `pdf` is the edition's PDF: a `Path` is copied into the folder, so that
    the folder stands alone; a `str` is linked as it is (an address relative
    to the folder). Only files of the brief's folder and of the styles are
    read; every file is replaced atomically, ``index.html`` last."""
    from . import i18n
    from .pdf import styles_dir, write_atomic
    from .source import check_image
    folder = Path(folder)
    edition = brief if not lang or lang == brief.lang else \
        i18n.translate(brief, lang, locales=locales, **options).brief
    css_dir = styles_dir(styles)
    _write_styles(css_dir, folder / "styles")
    sizes: dict[str, tuple[int, int]] = {}
    base = edition.base_dir.resolve()
    for fig in edition.figures():
        source = check_image(edition, fig.src, fig.loc)
        target = folder / source.relative_to(base)
        _copy(source, target)
        size = _image_size(source)
        if size:
            sizes[fig.src] = size
    pdf_href: str | None = None
    pdf_size: int | None = None
    if isinstance(pdf, Path):
        _copy(pdf, folder / pdf.name)
        pdf_href, pdf_size = pdf.name, pdf.stat().st_size
    elif pdf is not None:
        pdf_href = pdf
    page = render_web_html(edition, editions=editions, pdf=pdf_href, pdf_size=pdf_size, url=url,
                           figure_sizes=sizes)
    index = folder / "index.html"
    write_atomic(index, page.encode("utf-8"))
    return index


def _copy(source: Path, target: Path) -> None:
    from .pdf import write_atomic
    if target.is_file() and target.stat().st_size == source.stat().st_size \
            and target.read_bytes() == source.read_bytes():
        return
    write_atomic(target, source.read_bytes())


#: What a stylesheet fetches: ``url(...)`` and ``@import "..."``.
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _write_styles(css_dir: Path, target: Path) -> None:
    """The web stylesheet and each file it names (fonts), with the fonts'
    licences. A font named as WOFF2 is made from the TTF or OTF of the same
    name when there is no WOFF2 in the styles (fontTools, losslessly: the
    font is the same, only packed for the web)."""
    from .pdf import write_atomic
    sheet = css_dir / STYLESHEET
    if not sheet.is_file():
        raise SetupError(f"no web stylesheet {STYLESHEET} in {css_dir}", sheet,
                         hint="reinstall brief, or pass styles=... with a folder holding web.css")
    css = sheet.read_text(encoding="utf-8")
    problems = []
    names: dict[str, int] = {}
    for m in _URL.finditer(css):
        ref = (m.group(2) or m.group(4)).strip()
        if ref.startswith(("data:", "#")):
            continue
        parsed = urlparse(ref)
        rel = Path(unquote(parsed.path))
        line = css.count("\n", 0, m.start()) + 1
        if parsed.scheme or parsed.netloc or rel.is_absolute() or ".." in rel.parts:
            problems.append(SetupError(f"{STYLESHEET} refers to '{ref}', outside the styles folder", sheet,
                                       line, hint="put the file in the styles folder and name it "
                                                  "relative to web.css (no other host)"))
            continue
        names.setdefault(rel.as_posix(), line)
    for name, line in names.items():
        source = css_dir / name
        if source.is_file():
            _copy(source, target / name)
        elif source.suffix == ".woff2" and (font := _font_source(source)):
            data = _woff2(font)
            out = target / name
            if not (out.is_file() and out.read_bytes() == data):
                write_atomic(out, data)
        else:
            problems.append(SetupError(f"{STYLESHEET} names '{name}', which is not in {css_dir}", sheet,
                                       line, hint="add the file, or correct its name"))
    if problems:
        raise SetupError.gather(problems)
    for licence in sorted((css_dir / "fonts").glob("*LICENSE*")):
        _copy(licence, target / "fonts" / licence.name)
    write_atomic(target / STYLESHEET, css.encode("utf-8"))


def _font_source(woff2: Path) -> Path | None:
    for suffix in (".ttf", ".otf"):
        candidate = woff2.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _woff2(source: Path) -> bytes:
    stat = source.stat()
    return _woff2_cached(source.resolve(), stat.st_mtime_ns, stat.st_size)


def cache_dir() -> Path:
    """Where brief keeps what it can make again: ``$BRIEF_CACHE``, else
    ``$XDG_CACHE_HOME/brief``, else ``~/.cache/brief``."""
    if os.environ.get("BRIEF_CACHE"):
        return Path(os.environ["BRIEF_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "brief"


@functools.lru_cache(maxsize=32)
def _woff2_cached(source: Path, mtime_ns: int, size: int) -> bytes:
    """A TTF or OTF packed as WOFF2. Packing a large font takes a second or
    two, so the result is kept, by the font's content, in `cache_dir` (and in
    memory for the rest of the process); a cache that cannot be written is
    only slower."""
    import hashlib

    import fontTools
    from fontTools.ttLib import TTFont

    from .pdf import write_atomic
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


def _image_size(path: Path) -> tuple[int, int] | None:
    """The intrinsic size of a figure in CSS pixels (an SVG's width and
    height or viewBox; a raster image's pixels), or None if it has none."""
    if path.suffix.lower() == ".svg":
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        tag = re.search(r"<svg\b[^>]*>", head, re.S)
        if not tag:
            return None
        attrs = dict(re.findall(r'\s([\w:-]+)\s*=\s*"([^"]*)"', tag.group()))
        w, h = (re.fullmatch(r"\s*([\d.]+)\s*(px)?\s*", attrs.get(k, "")) for k in ("width", "height"))
        if w and h:
            return round(float(w.group(1))), round(float(h.group(1)))
        box = attrs.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
        return None
    from PIL import Image
    with Image.open(path) as im:
        return im.size

