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
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pypdf
import weasyprint
from pypdf.generic import ArrayObject, BooleanObject, NameObject, TextStringObject
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import colophon
from .errors import BriefError
from .finish import images, press
from .finish.tags import repair_structure
from .model import Brief, _plain

__all__ = ["write_pdf", "layout", "finish", "styles_dir", "SafeFetcher", "OPTIONS"]

log = logging.getLogger("brief")


class _TrailerSizeFilter(logging.Filter):
    """WeasyPrint 70 writes PDF/A and PDF/X files whose trailer /Size is
    short; pypdf says so when it reads them, then writes a correct one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Object count")


logging.getLogger("pypdf._writer").addFilter(_TrailerSizeFilter())

#: Options of a build, with their defaults. Every entry point (`write_pdf`,
#: `Brief.write_pdf`, the command line) takes these as keyword arguments.
OPTIONS: dict[str, Any] = {
    # "screen" (tagged PDF/UA-1, RGB, live links), "press" (PDF/X-4, CMYK,
    # 3 mm bleed, crop marks, pages padded to a multiple of 4) or "archive"
    # (PDF/A-3b with the Markdown source attached).
    "variant": "screen",
    # Folder of brief.css, press.css and the fonts; None: the project's styles/.
    "styles": None,
    # Folder of the brief's catalogs; None: locales/ next to the brief, then ./locales.
    "locales": None,
    # The press edition's output intent: a CMYK ICC profile. None: Ghostscript's
    # SWOP profile from Debian's libgs-common; print shops in Europe often ask
    # for FOGRA39 (ISO Coated v2), pass theirs.
    "icc": None,
}

VARIANTS = {"screen": "pdf/ua-1", "press": "pdf/x-4", "archive": "pdf/a-3b"}
DEFAULT_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


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
    """Fetches ``file:`` URLs inside the allowed folders, and nothing else.

    With `cmyk`, images are handed over in CMYK, as a print edition needs:
    SVG colours are rewritten as ``device-cmyk()``, PNG and JPEG converted."""

    def __init__(self, *roots: Path, cmyk: bool = False) -> None:
        super().__init__(fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]
        self.cmyk = cmyk

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme != "file":
            raise FatalURLFetchingError(f"refused to fetch {url}: only files next to the brief are read")
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FatalURLFetchingError(f"refused to read {path}: it is outside the brief's folder")
        data = path.read_bytes()
        changed = None
        if self.cmyk and path.suffix.lower() == ".svg":
            changed = svg_to_cmyk(data)
        elif path.suffix.lower() in (".png", ".jpg", ".jpeg"):
            changed = images.for_layout(data, cmyk_ok=self.cmyk)
        if changed is not None:
            return _Converted(url, changed, {}, 200)
        return URLFetcherResponse(url, data, {}, 200)


class _Converted(URLFetcherResponse):
    """A response whose bytes are not the file's: without a path, so that
    WeasyPrint uses them (for a ``file:`` URL it reads the file again)."""

    @property
    def path(self) -> None:
        return None


def _cmyk(r: float, g: float, b: float) -> str:
    k = 1 - max(r, g, b)
    if k >= 1:
        return "device-cmyk(0 0 0 1)"
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return f"device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})"


_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
_NAMED = {"black": (0, 0, 0), "white": (255, 255, 255)}


def svg_to_cmyk(data: bytes) -> bytes:
    """An SVG with its colours as ``device-cmyk()``, black text included."""
    text = data.decode("utf-8")

    def hexa(m: re.Match[str]) -> str:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return _cmyk(*(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)))

    text = _HEX.sub(hexa, text)
    text = _RGB.sub(lambda m: _cmyk(*(int(v) / 255 for v in m.groups())), text)
    text = re.sub(r'(fill|stroke)="(black|white)"',
                  lambda m: f'{m.group(1)}="{_cmyk(*(v / 255 for v in _NAMED[m.group(2)]))}"', text)
    # SVG's default fill is black: make it the printer's black, not RGB black.
    text = re.sub(r"<svg\b(?![^>]*\sfill=)", '<svg fill="device-cmyk(0 0 0 1)"', text, count=1)
    return text.encode("utf-8")


def layout(html: str, brief: Brief, styles: str | Path | None = None, *,
           variant: str = "screen", icc: str | Path | None = None,
           extra_css: str = "") -> weasyprint.Document:
    """Lay out the pages of an edition's HTML (`extra_css`: a few more rules)."""
    css_dir = styles_dir(styles)
    roots = [brief.base_dir, css_dir]
    fonts = FontConfiguration()
    sheets = [css_dir / "brief.css"]
    extra = extra_css
    if variant == "press":
        profile = _icc(icc)
        roots.append(profile.parent)
        sheets.append(css_dir / "press.css")
        extra += (f"@color-profile device-cmyk {{ src: url(\"{profile.as_uri()}\"); "
                  "components: cyan, magenta, yellow, black; }")
    fetcher = SafeFetcher(*roots, cmyk=variant == "press")
    profiles: dict[str, Any] = {}
    common = {"font_config": fonts, "url_fetcher": fetcher, "color_profiles": profiles}
    css = [weasyprint.CSS(filename=str(f), **common) for f in sheets]
    if extra:
        css.append(weasyprint.CSS(string=extra, **common))
    try:
        return weasyprint.HTML(string=html, base_url=str(brief.base_dir) + os.sep,
                               url_fetcher=fetcher).render(
            stylesheets=css, font_config=fonts, color_profiles=profiles,
            pdf_variant=VARIANTS.get(variant))
    except FatalURLFetchingError as e:
        cause = e.__cause__ or e
        raise BriefError(str(cause), brief.path, hint="use images that sit in the brief's folder") from None


def _icc(icc: str | Path | None) -> Path:
    profile = Path(icc) if icc else DEFAULT_ICC
    if not profile.is_file():
        raise BriefError(f"no ICC profile at {profile}", profile,
                         hint="install Debian's libgs-common (make setup does), or pass --icc FILE.icc "
                              "with your print shop's CMYK profile")
    return profile.resolve()


def finish(pdf: bytes, brief: Brief, document: weasyprint.Document | None = None, *,
           blank_pages: list[int] | tuple[int, ...] = (), variant: str | None = None) -> bytes:
    """Metadata (document info and XMP, kept in step), language, outline and
    the marks of intended blank pages, with pypdf; what each variant's
    standard asks beyond WeasyPrint (`brief.finish`)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    repair_structure(writer)
    if variant == "press":
        images.to_cmyk(writer)
        press.remove_annotations(writer)
        press.identify(writer)
    elif variant == "archive":
        images.no_interpolation(writer)
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
    old = writer._root_object.get("/Metadata")
    existing = old.get_object().get_data() if old is not None else None
    writer.xmp_metadata = _xmp(brief, info, existing)
    if document is not None:
        _outline(writer, document)
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences()
    writer.viewer_preferences.display_doctitle = True  # type: ignore[union-attr]
    attached = writer._root_object.get("/AF")
    if attached is not None:  # WeasyPrint 70 lists each attachment twice
        unique = list({(ref.idnum, ref.generation): ref for ref in attached.get_object()}.values())
        writer._root_object[NameObject("/AF")] = ArrayObject(unique)
    for index in blank_pages:
        writer.pages[index][NameObject("/BriefBlank")] = BooleanObject(True)
    if any("/TrimBox" in page and page.trimbox != page.mediabox for page in writer.pages):
        for page in writer.pages:
            _crop_marks(writer, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MM = 72 / 25.4
#: Crop marks: from 3 mm outside the trim (the bleed's edge) outwards, 5 mm long.
MARK_OFFSET, MARK_LENGTH, MARK_SLUG = 3 * MM, 5 * MM, 9 * MM


def _crop_marks(writer: pypdf.PdfWriter, page: pypdf.PageObject) -> None:
    """Widen the page to hold crop marks outside the bleed, and draw them.

    WeasyPrint draws its ``marks`` inside the bleed, where a background that
    runs into the bleed covers them; a print shop wants them outside it."""
    from pypdf.generic import ContentStream, RectangleObject
    trim = page.trimbox
    x0, y0, x1, y1 = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
    media = RectangleObject([x0 - MARK_SLUG, y0 - MARK_SLUG, x1 + MARK_SLUG, y1 + MARK_SLUG])
    page.mediabox = media
    if "/CropBox" in page:
        page.cropbox = media
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + sx * near:.3f} {y:.3f} m {x + sx * far:.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + sy * near:.3f} m {x:.3f} {y + sy * far:.3f} l S")
    marks = "Q q 0.3 w 1 1 1 1 K " + " ".join(lines) + " Q"
    before = ContentStream(None, writer)
    before.set_data(b"q")
    after = ContentStream(None, writer)
    after.set_data(marks.encode("ascii"))
    contents = page.get("/Contents")
    streams = contents.get_object() if contents is not None else []
    if not isinstance(streams, list):
        streams = [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *streams, writer._add_object(after)])


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


_NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


def _xmp(brief: Brief, info: dict[str, str], existing: bytes | None = None) -> bytes:
    """The XMP packet: WeasyPrint's (with its PDF/A, PDF/X or PDF/UA
    identification) when there is one, with brief's properties set in it,
    so that XMP and document info say the same thing."""
    import xml.etree.ElementTree as ET
    for prefix, uri in _NS.items():
        ET.register_namespace(prefix, uri)
    rdf_tag = f"{{{_NS['rdf']}}}RDF"
    root = None
    if existing:
        body = re.sub(rb"<\?xpacket[^>]*\?>", b"", existing).strip()
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            root = None
    if root is None or root.find(rdf_tag) is None:
        root = ET.Element(f"{{{_NS['x']}}}xmpmeta")
        ET.SubElement(root, rdf_tag)
    rdf = root.find(rdf_tag)
    assert rdf is not None
    ours = {f"{{{_NS['dc']}}}{k}" for k in ("title", "creator", "description", "subject", "language", "publisher", "format")}
    ours |= {f"{{{_NS['pdf']}}}Keywords", f"{{{_NS['pdf']}}}Producer", f"{{{_NS['xmp']}}}CreatorTool"}
    for desc in list(rdf):
        for child in list(desc):
            if child.tag in ours:
                desc.remove(child)
        for attr in list(desc.attrib):
            if attr in ours:
                del desc.attrib[attr]
        if not len(desc) and set(desc.attrib) <= {f"{{{_NS['rdf']}}}about"}:
            rdf.remove(desc)
    desc = ET.SubElement(rdf, f"{{{_NS['rdf']}}}Description", {f"{{{_NS['rdf']}}}about": ""})

    def prop(ns: str, name: str, container: str | None = None, values: list[str] = ()) -> None:  # type: ignore[assignment]
        el = ET.SubElement(desc, f"{{{_NS[ns]}}}{name}")
        if container is None:
            el.text = values[0]
            return
        box = ET.SubElement(el, f"{{{_NS['rdf']}}}{container}")
        for v in values:
            li = ET.SubElement(box, f"{{{_NS['rdf']}}}li")
            if container == "Alt":
                li.set("xml:lang", "x-default")
            li.text = v

    prop("dc", "title", "Alt", [info["/Title"]])
    prop("dc", "language", "Bag", [brief.lang])
    prop("dc", "format", None, ["application/pdf"])
    if brief.authors:
        prop("dc", "creator", "Seq", list(brief.authors))
    if "/Subject" in info:
        prop("dc", "description", "Alt", [info["/Subject"]])
    if brief.keywords:
        prop("dc", "subject", "Bag", list(brief.keywords))
    if brief.publisher:
        prop("dc", "publisher", "Bag", [brief.publisher])
    if "/Keywords" in info:
        prop("pdf", "Keywords", None, [info["/Keywords"]])
    prop("pdf", "Producer", None, [info["/Producer"]])
    prop("xmp", "CreatorTool", None, [info["/Creator"]])
    text = ET.tostring(root, encoding="unicode").replace(' xml:lang=', ' xml:lang=')
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + text
            + '\n<?xpacket end="w"?>').encode("utf-8")


def write_pdf(brief: Brief, path: str | Path, lang: str | None = None, *,
              variant: str = "screen", styles: str | Path | None = None,
              locales: str | Path | None = None, icc: str | Path | None = None,
              finisher: Callable[[bytes], bytes] | None = None, **options: Any) -> Path:
    """Build one edition of `brief` into `path`, in one of the `VARIANTS`.

    The file appears only once it is complete: it is written next to its
    destination under a temporary name, then renamed. `finisher`, if given,
    may post-process the finished PDF bytes (as WeasyPrint's own hook)."""
    from . import i18n
    if variant not in VARIANTS:
        raise BriefError(f"unknown variant '{variant}'", hint=f"use one of {', '.join(VARIANTS)}")
    path = Path(path)
    edition = brief
    if lang and lang != brief.lang:
        edition = i18n.translate(brief, lang, locales=locales, **options).brief
    document, blanks = _pages(edition, variant, styles, icc)
    weasy: dict[str, Any] = {"pdf_variant": VARIANTS[variant]}
    if variant == "archive":
        weasy["attachments"] = _sources(brief, edition, locales)
    pdf = finish(document.write_pdf(**weasy), edition, document, blank_pages=blanks, variant=variant)
    if finisher is not None:
        pdf = finisher(pdf)
    write_atomic(path, pdf)
    return path


def _pages(edition: Brief, variant: str, styles: str | Path | None,
           icc: str | Path | None) -> tuple[weasyprint.Document, list[int]]:
    """Lay out an edition; the press edition is padded with blank pages
    before its back cover (the colophon) to a multiple of four. The
    colophon goes to the foot of its page (`brief.colophon`); in a screen
    or archive edition whose last page has no room for it, to the foot of
    a back page of its own."""
    from .render import render_html
    html = render_html(edition)
    document = layout(html, edition, styles, variant=variant, icc=icc)
    if variant != "press":
        if colophon.alone(document):
            document = layout(html, edition, styles, variant=variant, icc=icc, extra_css=colophon.OWN_PAGE)
        colophon.to_foot(document)
        return document, []
    count = len(document.pages)
    missing = -count % 4
    if missing:
        document = layout(render_html(edition, blank_pages=missing), edition, styles,
                          variant=variant, icc=icc)
        if len(document.pages) % 4:
            raise BriefError(f"the press edition has {len(document.pages)} pages, not a multiple of 4",
                             edition.path, hint="report this layout to the designers (styles/press.css)")
    colophon.to_foot(document)
    last = len(document.pages) - 1
    return document, list(range(last - missing, last))


def _sources(brief: Brief, edition: Brief, locales: str | Path | None) -> list[weasyprint.Attachment]:
    """The Markdown source (and the catalog of a translation), for the archive."""
    from . import i18n
    files = []
    if brief.path and brief.path.is_file():
        files.append((brief.path, "Source", "The brief's Markdown source"))
    if edition.source_lang and edition.lang != edition.source_lang:
        po = i18n.po_path(edition, edition.lang, locales)
        if po.is_file():
            files.append((po, "Source", f"The {edition.lang} translation catalog (gettext PO)"))
    return [weasyprint.Attachment(string=f.read_bytes(), name=f.name, description=d, relationship=r)
            for f, r, d in files]


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
    from .source import check_image
    folder = Path(folder)
    css_dir = styles_dir(styles)
    shutil.copytree(css_dir, folder / "styles", dirs_exist_ok=True)
    for fig in brief.figures():
        src = check_image(brief, fig.src, fig.loc)
        target = folder / fig.src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    html = render_html(brief, stylesheet="styles/brief.css")
    write_atomic(folder / "index.html", html.encode("utf-8"))
    return folder / "index.html"
