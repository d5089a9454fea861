"""One web edition as a folder that stands alone: ``index.html``, its
stylesheet and fonts, the figures and the edition's PDF, with nothing
fetched from another host.

Only files of the brief's folder and of the styles are read (a stylesheet
that names a file elsewhere, or on another host, is refused); every file is
replaced atomically, and a file that has not changed is left alone, so that
a rebuild touches only what changed and a reader never meets half a page.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import SetupError
from ..files import PART_SUFFIX, write_atomic
from ..inputs import check_image, check_link, names_a_file
from ..markup import images, links
from ..model import Brief, Location
from ..resources import styles_dir
from .fonts import font_source, woff2
from .page import render_web_html

__all__ = ["write_web_edition", "write_styles", "place", "image_size", "STYLESHEET", "INDEX"]

#: The web edition's stylesheet, in the styles folder beside brief.css.
STYLESHEET = "web.css"
#: The page of a web edition, in its folder.
INDEX = "index.html"


def write_web_edition(text: Brief, folder: str | Path, *, editions: Mapping[str, str] | None = None,
                      urls: Mapping[str, str] | None = None, pdf: str | Path | None = None,
                      styles: str | Path | None = None, script: str = "") -> Path:
    """Write the web edition of `text` (an edition, in its language) into
    `folder` and return the path of its ``index.html``, written last.

    `editions` and `urls` are the addresses of every edition's page, as
    `render_web_html` takes them. `pdf` is the edition's PDF: a `Path` is
    placed in the folder (so that the folder stands alone) and linked with
    its size; a `str` is linked as it is. `script` goes before ``</body>``
    (the preview's reloader)."""
    folder = Path(folder)
    write_styles(styles_dir(styles), folder / "styles")
    sizes: dict[str, tuple[int, int]] = {}
    base = text.base_dir.resolve()
    for src, loc in _images(text):
        source = check_image(text, src, loc)
        place(source, folder / source.relative_to(base))
        size = image_size(source)
        if size:
            sizes[src] = size
    for href, loc in _linked_files(text):   # an annex linked from the text goes with the page
        linked = check_link_target(text, href, loc)
        if linked is not None:
            place(linked, folder / linked.relative_to(base))
    pdf_href: str | None = None
    pdf_size: int | None = None
    if isinstance(pdf, Path):
        place(pdf, folder / pdf.name)
        pdf_href, pdf_size = pdf.name, pdf.stat().st_size
    elif pdf is not None:
        pdf_href = pdf
    page = render_web_html(text, editions=editions, urls=urls, pdf=pdf_href, pdf_size=pdf_size,
                           stylesheet=f"styles/{STYLESHEET}", figure_sizes=sizes)
    if script:
        page = page.replace("</body>", script + "\n</body>", 1)
    index = folder / INDEX
    data = page.encode("utf-8")
    if not (index.is_file() and index.read_bytes() == data):
        write_atomic(index, data)
    return index


def _images(text: Brief) -> list[tuple[str, Location | None]]:
    """Every image the page shows: the figures, images inside the text,
    the logo; each once."""
    found: dict[str, Location | None] = {fig.src: fig.loc for fig in text.figures()}
    for unit in text.units():
        for image in images(unit.text):
            found.setdefault(image.src, unit.loc)
    if text.logo:
        found.setdefault(text.logo, text.meta_loc.get("logo"))
    return list(found.items())


def _linked_files(text: Brief) -> list[tuple[str, Location | None]]:
    """The files beside the brief that its text links to (``annex.pdf``)."""
    found: dict[str, Location | None] = {}
    for unit in text.units():
        for href in links(unit.text):
            local = href.split("#")[0].split("?")[0]
            if local and names_a_file(href):
                found.setdefault(unquote(local), unit.loc)
    return list(found.items())


def check_link_target(text: Brief, href: str, loc: Location | None) -> Path | None:
    """The file a local link names, checked as the loader checks it; None
    when it is not there (a link to a page of the web site, say)."""
    check_link(text, href, loc)
    target = (text.base_dir / href).resolve()
    return target if target.is_file() else None


def place(source: Path, target: Path) -> None:
    """`source` at `target`, unless it is there already: a hard link when
    both are on one file system (a PDF is not copied twice), else a copy;
    atomically either way."""
    if target.is_file():
        if os.path.samefile(source, target):
            return
        if target.stat().st_size == source.stat().st_size and target.read_bytes() == source.read_bytes():
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PART_SUFFIX)
    os.close(fd)
    try:
        os.unlink(tmp)
        os.link(source, tmp)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        write_atomic(target, source.read_bytes())


#: What a stylesheet fetches: ``url(...)`` and ``@import "..."``.
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def write_styles(css_dir: Path, target: Path) -> None:
    """The web stylesheet and each file it names (fonts), with the fonts'
    licences, into `target`. A font named as WOFF2 is packed from the TTF
    or OTF of the same name when the styles hold no WOFF2 of their own."""
    sheet = css_dir / STYLESHEET
    if not sheet.is_file():
        raise SetupError(f"no web stylesheet {STYLESHEET} in {css_dir}", sheet,
                         hint="reinstall brief, or pass a styles folder that holds web.css")
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
            place(source, target / name)
        elif source.suffix == ".woff2" and (font := font_source(source)):
            data, out = woff2(font), target / name
            if not (out.is_file() and out.read_bytes() == data):
                write_atomic(out, data)
        else:
            problems.append(SetupError(f"{STYLESHEET} names '{name}', which is not in {css_dir}", sheet,
                                       line, hint="add the file, or correct its name"))
    if problems:
        raise SetupError.gather(problems)
    for licence in sorted((css_dir / "fonts").glob("*LICENSE*")):
        place(licence, target / "fonts" / licence.name)
    out = target / STYLESHEET
    if not (out.is_file() and out.read_text(encoding="utf-8") == css):
        write_atomic(out, css.encode("utf-8"))


def image_size(path: Path) -> tuple[int, int] | None:
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
            try:
                return round(float(box[2])), round(float(box[3]))
            except ValueError:
                return None
        return None
    from PIL import Image
    with Image.open(path) as im:
        return im.size
