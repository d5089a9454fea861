"""A brief is untrusted input: raw HTML is text, and nothing outside the
brief's folder (or on the network) is ever read into the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import squeeze
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

import brief
from brief.errors import BriefError
from brief.layout import SafeFetcher, layout
from brief.resources import styles_dir

HEAD = "---\ntitle: Onbetrouwbaar\nlang: nl\n---\n\n# Hoofdstuk\n\n"

RAW_HTML = HEAD + """\
Een zin met <b>bold</b> en <script>alert(1)</script> erin.

<div>
<iframe src="https://example.com"></iframe>
</div>
"""


def write(folder: Path, text: str, name: str = "brief.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


# -- raw HTML ----------------------------------------------------------------------

def test_raw_html_is_escaped_in_the_html(tmp_path: Path) -> None:
    """Inline tags and an HTML block reach the HTML as text, escaped."""
    html = brief.load(write(tmp_path, RAW_HTML)).render_html()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;iframe" in html
    assert "<script" not in html.lower()
    assert "<iframe" not in html.lower()
    assert "<b>" not in html


def test_raw_html_is_printed_as_text(tmp_path: Path) -> None:
    """In the PDF the tags are shown, as the author typed them."""
    b = brief.load(write(tmp_path, RAW_HTML))
    pdf = b.write_pdf(tmp_path / "out.pdf")
    text = squeeze("\n".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "<b>bold</b>" in text
    assert "<script>alert(1)</script>" in text   # spaces ignored: lines may break after "/"
    assert "<iframe" in text


def test_javascript_links_are_not_links(tmp_path: Path) -> None:
    """A ``javascript:`` link does not become an href."""
    html = brief.load(write(tmp_path, HEAD + "Klik [hier](javascript:alert(1)).\n")).render_html()
    assert "Klik" in html
    assert 'href="javascript' not in html.lower()


# -- images in the Markdown ----------------------------------------------------------

IMAGES = {
    "absolute": "/etc/passwd",
    "parent": "../../secret.png",
    "http": "http://example.com/a.png",
}


@pytest.mark.parametrize("src", IMAGES.values(), ids=IMAGES.keys())
def test_figure_outside_the_folder_is_refused(tmp_path: Path, src: str) -> None:
    """A figure must be a file next to the brief; anything else is an error
    naming the file and the line, found when the brief is loaded."""
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # exists, but outside
    path = write(tmp_path / "a" / "b", HEAD + f"Tekst.\n\n![x]({src})\n")
    with pytest.raises(BriefError) as info:
        brief.load(path)
    assert info.value.file == str(path)
    assert info.value.line == line_of(path, "![x]")
    assert src in info.value.message
    assert "does not exist" not in info.value.message


def test_file_url_image_is_never_an_image(tmp_path: Path) -> None:
    """``![x](file:///etc/hostname)`` is not a valid image link in CommonMark
    (markdown-it refuses file: URLs): it must not become an <img>."""
    b = brief.load(write(tmp_path, HEAD + "![x](file:///etc/hostname)\n"))
    assert 'src="file:' not in b.render_html()


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A link in the brief's folder that points outside is outside."""
    outside = tmp_path / "elders" / "geheim.png"
    outside.parent.mkdir()
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "beeld.png").symlink_to(outside)
    path = write(folder, HEAD + "![x](beeld.png)\n")
    with pytest.raises(BriefError) as info:
        brief.load(path)
    assert (info.value.file, info.value.line) == (str(path), line_of(path, "![x]"))


@pytest.mark.parametrize("src", ["/etc/passwd", "http://example.com/a.png"], ids=["absolute", "http"])
def test_inline_image_outside_the_folder_is_refused_with_its_line(tmp_path: Path, src: str) -> None:
    """An image inside a sentence is an image too: refused like a figure,
    with the file and the line of the paragraph, and no PDF written."""
    path = write(tmp_path, HEAD + f"Tekst.\n\nZie ![x]({src}) hier.\n")
    out = tmp_path / "out.pdf"
    with pytest.raises(BriefError) as info:
        brief.load(path).write_pdf(out)
    assert info.value.file == str(path)
    assert info.value.line == line_of(path, "![x]")
    assert not out.exists()


def test_svg_external_entity_is_refused(tmp_path: Path) -> None:
    """An SVG figure that declares an external XML entity is refused at its
    line, before anything is laid out: nothing is read from outside."""
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIMWACHTWOORD", encoding="utf-8")
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "xxe.svg").write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE svg [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        '<text x="5" y="20" font-family="Inter" font-size="12">lek: &s;</text></svg>\n',
        encoding="utf-8")
    path = write(folder, HEAD + "![Figuur](xxe.svg)\n")
    with pytest.raises(BriefError) as info:
        brief.load(path)
    assert (info.value.file, info.value.line) == (str(path), line_of(path, "![Figuur]"))
    assert "xxe.svg" in info.value.message
    assert "GEHEIMWACHTWOORD" not in str(info.value)


# -- the URL fetcher --------------------------------------------------------------

def lay_out(html: str, b: brief.Brief):
    """The layout stage as the build calls it for a screen edition."""
    return layout(html, base_dir=b.base_dir, stylesheets=[styles_dir() / "brief.css"], source=b.path)


@pytest.fixture()
def small_brief(tmp_path: Path) -> brief.Brief:
    return brief.load(write(tmp_path / "brief", HEAD + "Tekst.\n"))


@pytest.mark.parametrize("markup", [
    '<img src="file:///etc/hostname">',
    '<img src="http://127.0.0.1:9/a.png">',
    '<link rel="stylesheet" href="file:///etc/hostname">',
    '<p style="background: url(file:///etc/hostname)">x</p>',
    '<object data="file:///etc/hostname"></object>',
    '<style>@import url(http://127.0.0.1:9/x.css);</style><p>x</p>',
], ids=["img-file", "img-http", "stylesheet", "css-url", "object", "css-import"])
def test_layout_refuses_resources_outside_the_roots(small_brief: brief.Brief, markup: str) -> None:
    """HTML that would read a file outside the brief's folder and the styles,
    or anything over the network, stops the layout with a BriefError."""
    with pytest.raises(BriefError) as info:
        lay_out(f"<!DOCTYPE html><html><body>{markup}</body></html>", small_brief)
    assert info.value.file == str(small_brief.path)
    assert "refused" in info.value.message


def test_layout_reads_files_inside_the_folder(small_brief: brief.Brief) -> None:
    """The fetcher is not a wall: a figure next to the brief is read."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    (small_brief.base_dir / "ok.svg").write_text(svg, encoding="utf-8")
    document = lay_out('<!DOCTYPE html><html><body><img src="ok.svg"></body></html>', small_brief)
    assert len(document.pages) == 1


def test_safe_fetcher_directly(tmp_path: Path) -> None:
    """SafeFetcher reads inside its roots and refuses the rest, including a
    path that climbs out with '..'."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "in.txt").write_bytes(b"inside")
    (tmp_path / "out.txt").write_bytes(b"outside")
    fetcher = SafeFetcher(root)
    assert fetcher.fetch((root / "in.txt").as_uri()).read() == b"inside"
    for url in [(tmp_path / "out.txt").as_uri(), f"file://{root}/../out.txt",
                "http://example.com/", "https://example.com/", "ftp://example.com/x"]:
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
