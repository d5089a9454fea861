"""HTML → PDF: WeasyPrint lays the pages out, pypdf finishes the file.

Each step is a function of its own (`layout`, `finish`, `write_pdf`) so that
scripts and the benchmark can call or time them one by one. WeasyPrint only
reads files from the brief's folder and the styles: a brief is untrusted
input, and a print build has no business on the network.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from xml.sax.saxutils import escape

import pypdf
import weasyprint
from pypdf.generic import NameObject, TextStringObject
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .errors import BriefError
from .model import Brief, _plain

__all__ = ["write_pdf", "layout", "finish", "styles_dir", "SafeFetcher", "OPTIONS"]

log = logging.getLogger("brief")

#: Options of a build, with their defaults.
OPTIONS: dict[str, Any] = {
    # Folder of brief.css and its fonts; None: the project's styles/.
    "styles": None,
    # Folder of the brief's catalogs; None: locales/ next to the brief, then ./locales.
    "locales": None,
}


def styles_dir(styles: str | Path | None = None) -> Path:
    """The styles folder: the given one, the installed copy, or the project's."""
    if styles is not None:
        return Path(styles)
    here = Path(__file__).resolve().parent
    for candidate in (here / "styles", here.parent / "styles"):
        if (candidate / "brief.css").is_file():
            return candidate
    raise BriefError("cannot find the styles (brief.css)", here,
                     hint="reinstall brief, or pass styles=... with a folder holding brief.css")


class SafeFetcher(URLFetcher):
    """Fetches ``file:`` URLs inside the allowed folders, and nothing else."""

    def __init__(self, *roots: Path) -> None:
        super().__init__(fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme != "file":
            raise FatalURLFetchingError(f"refused to fetch {url}: only files next to the brief are read")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FatalURLFetchingError(f"refused to read {path}: it is outside the brief's folder")
        return URLFetcherResponse(url, path.read_bytes(), {}, 200)


def layout(html: str, brief: Brief, styles: str | Path | None = None) -> weasyprint.Document:
    """Lay out the pages of an edition's HTML."""
    css_dir = styles_dir(styles)
    fetcher = SafeFetcher(brief.base_dir, css_dir)
    fonts = FontConfiguration()
    css = weasyprint.CSS(filename=str(css_dir / "brief.css"), font_config=fonts, url_fetcher=fetcher)
    try:
        return weasyprint.HTML(string=html, base_url=str(brief.base_dir) + os.sep,
                               url_fetcher=fetcher).render(stylesheets=[css], font_config=fonts)
    except FatalURLFetchingError as e:
        cause = e.__cause__ or e
        raise BriefError(str(cause), brief.path, hint="use images that sit in the brief's folder") from None


def finish(pdf: bytes, brief: Brief, document: weasyprint.Document | None = None) -> bytes:
    """Metadata (document info and XMP), language and outline, with pypdf."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    title = _plain(brief.title)
    info = {"/Title": title, "/Creator": "brief", "/Producer": f"brief, WeasyPrint {weasyprint.__version__}, pypdf {pypdf.__version__}"}
    if brief.subtitle:
        info["/Subject"] = _plain(brief.subtitle)
    if brief.authors:
        info["/Author"] = ", ".join(brief.authors)
    if brief.keywords:
        info["/Keywords"] = ", ".join(brief.keywords)
    writer.add_metadata(info)
    writer._root_object[NameObject("/Lang")] = TextStringObject(brief.lang)
    writer.xmp_metadata = _xmp(brief, info)
    if document is not None:
        _outline(writer, document)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _outline(writer: pypdf.PdfWriter, document: weasyprint.Document) -> None:
    """Bookmarks of the chapters and sections: every element that the
    template marked with ``data-outline``, on the page where it starts."""
    parent = None
    seen: set[int] = set()
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or id(element) in seen or not element.get("data-outline"):
                continue
            seen.add(id(element))
            label = element.get("data-outline")
            if element.tag == "h2":
                writer.add_outline_item(title=label, page_number=index, parent=parent)
            else:
                parent = writer.add_outline_item(title=label, page_number=index)


def _xmp(brief: Brief, info: dict[str, str]) -> bytes:
    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    creators = "".join(f"<rdf:li>{escape(a)}</rdf:li>" for a in brief.authors)
    subjects = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in brief.keywords)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    parts = [f"<dc:title>{alt(info['/Title'])}</dc:title>",
             f"<dc:language><rdf:Bag><rdf:li>{escape(brief.lang)}</rdf:li></rdf:Bag></dc:language>",
             "<dc:format>application/pdf</dc:format>"]
    if creators:
        parts.append(f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>")
    if "/Subject" in info:
        parts.append(f"<dc:description>{alt(info['/Subject'])}</dc:description>")
    if subjects:
        parts.append(f"<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>")
    if brief.publisher:
        parts.append(f"<dc:publisher><rdf:Bag><rdf:li>{escape(brief.publisher)}</rdf:li></rdf:Bag></dc:publisher>")
    if "/Keywords" in info:
        parts.append(f"<pdf:Keywords>{escape(info['/Keywords'])}</pdf:Keywords>")
    parts.append(f"<pdf:Producer>{escape(info['/Producer'])}</pdf:Producer>")
    parts.append(f"<xmp:CreatorTool>brief</xmp:CreatorTool><xmp:ModifyDate>{now}</xmp:ModifyDate>")
    if brief.date:
        parts.append(f"<xmp:CreateDate>{brief.date.isoformat()}</xmp:CreateDate>")
    body = "\n   ".join(parts)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")


def write_pdf(brief: Brief, path: str | Path, lang: str | None = None, *,
              styles: str | Path | None = None, locales: str | Path | None = None,
              finisher: Callable[[bytes], bytes] | None = None, **options: Any) -> Path:
    """Build one edition of `brief` into `path`.

    The file appears only once it is complete: it is written next to its
    destination under a temporary name, then renamed. `finisher`, if given,
    may post-process the finished PDF bytes."""
    from .render import render_html
    from . import i18n
    path = Path(path)
    edition = brief
    if lang and lang != brief.lang:
        edition = i18n.translate(brief, lang, locales=locales, **options).brief
    html = render_html(edition)
    document = layout(html, edition, styles)
    pdf = finish(document.write_pdf(), edition, document)
    if finisher is not None:
        pdf = finisher(pdf)
    write_atomic(path, pdf)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_html_bundle(brief: Brief, folder: str | Path, styles: str | Path | None = None) -> Path:
    """Write an edition's HTML with its stylesheet, fonts and images into
    `folder`, so that a designer can open ``index.html`` in a browser."""
    import shutil

    from .render import render_html
    from .source import _figures, check_image
    folder = Path(folder)
    css_dir = styles_dir(styles)
    shutil.copytree(css_dir, folder / "styles", dirs_exist_ok=True)
    for fig in _figures(brief):
        src = check_image(brief, fig.src, fig.loc)
        target = folder / fig.src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    html = render_html(brief, stylesheet="styles/brief.css")
    write_atomic(folder / "index.html", html.encode("utf-8"))
    return folder / "index.html"
