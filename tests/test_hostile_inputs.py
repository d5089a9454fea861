"""Inputs that used to end in a traceback, a wrong message or a silently
dropped figure: each is now a BriefError naming the file and the line."""

from __future__ import annotations

import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

import brief
from brief import cli, model
from brief.errors import BriefError, CatalogError, SourceError
from brief.images import MAX_PIXELS
from brief.inputs import MAX_UNIT_CHARS
from brief.source import MAX_CHARS

HEAD = "---\ntitle: T\nlang: nl\n---\n\n# H\n\n"


def write(folder: Path, text: str, files: dict[str, bytes] | None = None, name: str = "brief.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        brief.load(path)
    assert info.value.file == str(path)
    return info.value


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    import io
    buf = io.BytesIO()
    Image.new("RGB", size, "teal").save(buf, "PNG")
    return buf.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is `width` × `height`: a few hundred bytes that
    would decode into gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1))) + chunk(b"IEND", b""))


# -- the front matter --------------------------------------------------------------------------

def test_impossible_date_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: T\nlang: nl\ndate: 2026-02-30\n---\n\nT.\n")
    assert refused(path).line == line_of(path, "date:")


def test_deeply_nested_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: T\nlang: nl\nx-a: " + "[" * 5000 + "]" * 5000 + "\n---\n\nT.\n")
    assert "nested too deeply" in refused(path).message


def test_control_character_in_front_matter_is_named_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: T\nsubtitle: a\x07b\nlang: nl\n---\n\nT.\n")
    error = refused(path)
    assert (error.line, "U+0007" in error.message) == (line_of(path, "subtitle:"), True)


def test_surrogate_from_a_yaml_escape(tmp_path: Path) -> None:
    path = write(tmp_path, '---\ntitle: "T\\udc00"\nlang: nl\n---\n\nT.\n')
    error = refused(path)
    assert (error.line, "U+DC00" in error.message) == (line_of(path, "title:"), True)


def test_surrogate_in_text_given_to_loads() -> None:
    with pytest.raises(SourceError) as info:
        brief.loads(HEAD + "Tekst \udc80 hier.\n", "x.md")
    assert info.value.line == HEAD.count("\n") + 1


def test_surrogate_in_a_python_brief() -> None:
    b = brief.Brief(title="T", lang="nl")
    b.chapter("H").paragraph("Tekst \ud800.")
    with pytest.raises(SourceError) as info:
        b.render_html()
    assert "U+D800" in info.value.message


def test_byte_order_mark_is_not_a_missing_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + HEAD + "Tekst.\n")
    assert brief.load(path).title == "T"


def test_oversized_brief_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + ("Een zin. " * 100 + "\n\n") * (MAX_CHARS // 900 + 1))
    start = time.perf_counter()
    assert "too large" in refused(path).message
    assert time.perf_counter() - start < 2


# -- images -----------------------------------------------------------------------------------

def test_very_long_image_name(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "![x](" + "a" * 400 + ".png)\n")
    assert refused(path).line == line_of(path, "![x]")


def test_symlink_loop(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "![x](loop.png)\n")
    os.symlink("loop.png", tmp_path / "loop.png")
    error = refused(path)
    assert (error.line, "loop" in error.message) == (line_of(path, "![x]"), True)


@pytest.mark.parametrize("name,written", [
    ("grafiek-één.png", "grafiek-één.png"), ("my chart.png", "<my chart.png>"), ("my chart.png", "my%20chart.png"),
    ("fig#1?.png", "fig%231%3F.png"),
])
def test_image_names_with_letters_and_spaces(tmp_path: Path, name: str, written: str) -> None:
    """markdown-it percent-encodes a destination; brief decodes it again,
    so that the file is found and laid out."""
    path = write(tmp_path, HEAD + f"![Grafiek]({written})\n", {name: png_bytes()})
    b = brief.load(path)
    assert b.figures()[0].src == name
    pdf = b.write_pdf(tmp_path / "out.pdf", check=False)
    from pypdf import PdfReader
    assert any("/XObject" in (page.get("/Resources") or {}) for page in PdfReader(pdf).pages)


@pytest.mark.parametrize("content,words", [
    (b"GIF89a not an image at all", "not a PNG"),
    (png_bytes()[:40] + b"garbage" * 10, "damaged PNG"),
    (png_header(30000, 30000), "pixels"),
    (png_header(13000, 13000), "pixels"),
])
def test_raster_figures_that_cannot_be_printed(tmp_path: Path, content: bytes, words: str) -> None:
    path = write(tmp_path, HEAD + "![x](x.png)\n", {"x.png": content})
    error = refused(path)
    assert (error.line, words in error.message) == (line_of(path, "![x]"), True)


def test_pixel_limit_allows_a_page_at_print_resolution() -> None:
    assert MAX_PIXELS >= 2480 * 3508 * 2  # two A4 pages at 300 dpi


SVGS = {
    "external-entity": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
                       b'<svg xmlns="http://www.w3.org/2000/svg"><text>&s;</text></svg>',
    "billion-laughs": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
                      + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                                 for i in range(8))
                      + b']><svg xmlns="http://www.w3.org/2000/svg"><text>&i;</text></svg>',
    "image-outside": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                     b'<image xlink:href="/etc/hostname" width="10" height="10"/></svg>',
    "image-network": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/a.png"/></svg>',
    "style-import": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://127.0.0.1:9/x.css);'
                    b'</style></svg>',
    "not-xml": b"<svg><unclosed>",
    "too-deep": b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>",
}


@pytest.mark.parametrize("content", SVGS.values(), ids=SVGS.keys())
def test_svg_figures_that_cannot_be_printed(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, HEAD + "Tekst.\n\n![x](x.svg)\n", {"x.svg": content})
    assert refused(path).line == line_of(path, "![x]")


def test_svg_may_refer_to_a_file_beside_it(tmp_path: Path) -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           b'<image href="dot.png" width="10" height="10"/></svg>')
    path = write(tmp_path, HEAD + "![x](x.svg)\n", {"x.svg": svg, "dot.png": png_bytes()})
    assert brief.load(path).figures()[0].src == "x.svg"


@pytest.mark.parametrize("text,needle", [
    ("---\ntitle: T\nlang: nl\n---\n\n# H ![x](/etc/passwd)\n\nT.\n", "# H"),
    (HEAD + "::: box\n### Box ![x](missing.png)\n\nT.\n:::\n", "### Box"),
    ("---\ntitle: T ![x](../x.png)\nlang: nl\n---\n\nT.\n", "title:"),
    (HEAD + "| a | b |\n|---|---|\n| ![x](nope.png) | 1 |\n", "nope.png"),
])
def test_images_anywhere_are_checked_at_their_line(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path / "a", text)
    assert refused(path).line == line_of(path, needle)


def test_image_in_a_translation_names_the_po_file_and_line(tmp_path: Path) -> None:
    """The translator may name another figure (one in the edition's language):
    it is held to the same rules, and the error names the PO file's line."""
    path = write(tmp_path, "---\ntitle: T\nlang: nl\ntranslations: [fr]\n---\n\nTekst ![x](a.png).\n",
                 {"a.png": png_bytes()})
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "brief.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Tekst ![x](a.png)."\nmsgstr "Texte ![x](/etc/passwd)."\n', encoding="utf-8")
    b = brief.load(path)
    with pytest.raises(CatalogError) as info:
        b.render_html("fr")
    assert (info.value.file, info.value.line) == (str(po), line_of(po, 'msgid "Tekst') + 1)   # its msgstr
    assert "outside" in info.value.message


# -- links ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,needle", [
    (HEAD + "Zie [dit](../../etc/passwd).\n", "Zie"),
    (HEAD + "Zie [dit][r].\n\n[r]: /etc/passwd\n", "[r]:"),
])
def test_link_to_a_file_outside_the_folder_is_refused(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path / "a", text)
    assert refused(path).line == line_of(path, needle)


def test_web_links_and_anchors_pass(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "[a](https://example.org) [b](#h) [c](mailto:x@example.org) [d](bijlage.pdf)\n")
    assert brief.load(path).chapters


# -- messages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["pullquote", "box", "lead"])
def test_unclosed_block_points_at_its_fence(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, HEAD + f"::: {name}\nEen zin.\n\nNog tekst.\n")
    error = refused(path)
    assert (error.line, "never closed" in error.message) == (line_of(path, f"::: {name}"), True)


# -- bounded time and memory --------------------------------------------------------------------

def timed(text: str) -> float:
    """Seconds to load and render `text`, or to refuse it."""
    from brief.render import render_html
    start = time.perf_counter()
    try:
        render_html(brief.loads(text, "x.md"))
    except SourceError:
        pass
    return time.perf_counter() - start


def test_many_note_calls_in_one_paragraph_stay_fast() -> None:
    n = 2000
    text = HEAD + " ".join(f"w{i}[^n{i}]" for i in range(n)) + "\n\n" + "".join(f"[^n{i}]: n\n" for i in range(n))
    assert timed(text) < 5


def test_a_long_run_of_note_calls_is_refused(tmp_path: Path) -> None:
    """Calls written one after the other are set as one unbreakable run
    (a line never starts with a call): a long run cannot be laid out."""
    n = model.MAX_CALLS_IN_A_ROW + 1
    path = write(tmp_path, HEAD + "Tekst.\n\nZin" + "".join(f"[^n{i}]" for i in range(n)) + ".\n\n"
                 + "".join(f"[^n{i}]: n\n" for i in range(n)))
    error = refused(path)
    assert (error.line, "in a row" in error.message) == (line_of(path, "Zin"), True)
    ok = HEAD + "Zin" + "".join(f"[^n{i}]" for i in range(n - 1)) + ".\n\n" + "".join(f"[^n{i}]: n\n" for i in range(n - 1))
    assert brief.loads(ok, "x.md").marks()


@pytest.mark.parametrize("body", [
    "*" * 2000 + "x" + "*" * 2000,      # emphasis nested a thousand deep: the layout recurses
    "x" * (MAX_UNIT_CHARS + 1),         # one word longer than any line, laid out in one piece
    "[a](b) " * 5000,                   # thousands of links in one paragraph
])
def test_texts_too_large_to_lay_out_are_refused(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, HEAD + "Tekst.\n\n" + body + "\n")
    assert refused(path).line == line_of(path, body[:20])


def test_a_translation_too_deep_to_lay_out_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: T\nlang: nl\ntranslations: [fr]\n---\n\n"
                 + " ".join(["**a**"] * 40) + "\n")
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "brief.po"
    po.parent.mkdir(parents=True)
    deep = "**" * 20 + "a" + "**" * 20 + " " + " ".join(["**a**"] * 20)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  f'msgid "{" ".join(["**a**"] * 40)}"\nmsgstr "{deep}"\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        brief.load(path).render_html("fr")
    assert (info.value.file, info.value.line) == (str(po), line_of(po, "msgid \"**a**") + 1)   # its msgstr


def test_heading_with_a_long_run_of_spaces_stays_fast() -> None:
    assert timed("---\ntitle: T\nlang: nl\n---\n\n# H" + " " * 32000 + "{\n\nT.\n") < 1


def test_symbol_notes_are_bounded(tmp_path: Path) -> None:
    n = model.MAX_SYMBOL_NOTES + 1
    path = write(tmp_path, HEAD + " ".join(f"w[^*s{i}]" for i in range(n)) + "\n\n"
                 + "".join(f"[^*s{i}]: n\n" for i in range(n)))
    error = refused(path)
    assert error.line == line_of(path, f"[^*s{n - 1}]:")
    big = HEAD + " ".join(f"w[^*s{i}]" for i in range(3000)) + "\n\n" + "".join(f"[^*s{i}]: n\n" for i in range(3000))
    start = time.perf_counter()
    with pytest.raises(SourceError):
        brief.loads(big, "x.md")
    assert time.perf_counter() - start < 5


# -- the command line ---------------------------------------------------------------------------

def test_build_of_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(tmp_path)]) == cli.BAD_INPUT
    assert "folder" in capsys.readouterr().err


def test_check_of_a_file_that_is_no_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A brief (FILE.md) is checked for its catalogs; any other file must be a PDF."""
    path = tmp_path / "notities.txt"
    path.write_text("Geen PDF.\n", encoding="utf-8")
    damaged = tmp_path / "kapot.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj <<\nrubbish")
    for target in (path, damaged):
        assert cli.main(["check", str(target)]) == cli.BAD_INPUT
        err = capsys.readouterr().err
        assert str(target) in err and "Traceback" not in err


def test_unexpected_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug of brief's is reported in one line with a distinct status, not as a traceback."""
    def broken(args: object) -> int:
        raise ZeroDivisionError("boom")
    monkeypatch.setitem(cli.COMMANDS, "stats", broken)
    assert cli.main(["stats", str(tmp_path / "x.md")]) == cli.INTERNAL
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err


def test_brief_error_is_the_base_of_every_refusal() -> None:
    assert issubclass(SourceError, BriefError) and issubclass(CatalogError, BriefError)


def test_a_link_to_a_file_beside_the_brief_stays_relative(tmp_path: Path) -> None:
    """The PDF links to the annex by its name, not by the author's folder."""
    from pypdf import PdfReader
    (tmp_path / "bijlage.pdf").write_bytes(b"%PDF-1.4\n")
    path = write(tmp_path, HEAD + "Zie [de bijlage](bijlage.pdf#p2) en [de site](https://example.org).\n")
    pdf = brief.load(path).write_pdf(tmp_path / "uit.pdf", check=False)
    uris = [a.get_object()["/A"]["/URI"] for page in PdfReader(pdf).pages for a in page.get("/Annots", [])
            if "/A" in a.get_object() and a.get_object()["/A"].get("/S") == "/URI"]
    assert sorted(uris) == ["bijlage.pdf#p2", "https://example.org"]
    assert str(tmp_path).encode() not in pdf.read_bytes()
