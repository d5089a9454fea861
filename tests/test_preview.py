"""``brief preview``: the web edition served on 127.0.0.1 and rebuilt on
every save of the brief, a catalog, a figure or a stylesheet; the error
page with every problem's file and line; the PDF built in the background;
Ctrl-C.

The preview runs in this process (its server and watcher in threads), on a
free port, and stops at the end of each test; every wait is bounded.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LOCALES, ROOT, SAMPLE

from brief import Options, SourceError, loads
from brief.starter import write_starter
from brief.web import preview as preview_module
from brief.web.preview import Preview

#: Seconds a change may take to show, at most, on a loaded machine (the
#: target is half a second: see the measures in the README).
PATIENCE = 10.0


def wait_for(condition: Callable[[], object], what: str, timeout: float = PATIENCE) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.02)


def get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=PATIENCE) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def problems_of(text: str, path: Path) -> list[str]:
    """``file:line`` of each problem the loader finds in `text`."""
    with pytest.raises(SourceError) as e:
        loads(text, path)
    return [p.location for p in e.value.problems]


def test_the_page_follows_every_save_in_chromium(browser, tmp_path):
    """An edit of the text shows without a reload; a broken brief shows its
    problems with file and line; fixed, the edition comes back; a changed
    stylesheet or figure reloads the page."""
    source, figure = write_starter(tmp_path / "note")
    styles = shutil.copytree(ROOT / "styles", tmp_path / "styles")
    text = source.read_text(encoding="utf-8")
    with Preview(source, port=0, options=Options(styles=styles), pdf=False) as preview:
        page = browser.page(preview.url, 390)
        assert page.title().startswith("The title of your brief")
        page.evaluate("window.kept = true")

        source.write_text(text.replace("Paragraphs are separated", "Paragraphs, edited, are separated"))
        page.get_by_text("Paragraphs, edited, are separated").wait_for(timeout=PATIENCE * 1000)
        assert page.evaluate("window.kept === true"), "a new text is put in place, without a reload"

        broken = text.replace("[^quoted]", "[^nowhere]", 1)
        source.write_text(broken)
        page.locator("ol.problems").wait_for(timeout=PATIENCE * 1000)
        shown = page.locator("ol.problems code.where").all_inner_texts()
        assert shown == problems_of(broken, source)
        assert len(shown) == 2 and all(re.fullmatch(rf"{re.escape(str(source))}:\d+", w) for w in shown)

        source.write_text(text)
        page.locator("main .brief").wait_for(timeout=PATIENCE * 1000)
        assert page.get_by_text("Paragraphs are separated").count() == 1

        with open(styles / "web.css", "a", encoding="utf-8") as css:
            css.write("\n.cover .title { color: rgb(1, 2, 3); }\n")
        page.wait_for_function("getComputedStyle(document.querySelector('.cover .title')).color"
                               " === 'rgb(1, 2, 3)'", timeout=PATIENCE * 1000)

        figure.write_text(figure.read_text(encoding="utf-8").replace('width="480"', 'width="481"'))
        page.wait_for_function("document.querySelector('figure img').getAttribute('width') === '481'",
                               timeout=PATIENCE * 1000)
        page.context.close()


def test_only_this_address_is_served(tmp_path):
    """A page of another site cannot read the preview through a rebound DNS name."""
    source, _ = write_starter(tmp_path / "note")
    with Preview(source, port=0, pdf=False) as preview:
        assert get(preview.url)[0] == 200
        assert get(preview.url, host=f"localhost:{preview.port}")[0] == 200
        assert get(preview.url, host=f"evil.example:{preview.port}")[0] == 403
        assert get(preview.url.replace("/note-en/", "/note-en/../../etc/passwd"))[0] == 404
        assert preview.server is not None and preview.server.server_address[0] == "127.0.0.1"


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """The sample with its figures and catalogs, to be edited."""
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE.parent, folder, ignore=shutil.ignore_patterns("*.pdf"))
    shutil.copytree(LOCALES, folder / "locales")
    return folder / SAMPLE.name


def test_a_translated_edition_follows_its_catalog_and_its_figure(sample_copy):
    with Preview(sample_copy, "fr", port=0, pdf=False) as preview:
        page = preview.page("fr") or ""
        catalog = sample_copy.parent / "locales" / "fr" / "LC_MESSAGES" / f"{sample_copy.stem}.po"
        figures = [f.src for f in (preview.brief.figures() if preview.brief else [])]
        assert catalog in preview.watched()
        assert all(sample_copy.parent / src in preview.watched() for src in figures)
        # The French version of a figure, even one not there yet, is watched.
        assert all(sample_copy.parent / src.replace(".svg", ".fr.svg") in preview.watched() for src in figures)
        title = re.search(r"<title>(.*?) –", page)
        assert title is not None
        po = catalog.read_text(encoding="utf-8")
        assert f'msgstr "{title.group(1)}"' in po
        build = preview.shown["fr"].build
        catalog.write_text(po.replace(f'msgstr "{title.group(1)}"', 'msgstr "Un titre revu"', 1),
                           encoding="utf-8")
        wait_for(lambda: preview.shown["fr"].build > build, "the rebuild after the catalog changed")
        assert "<title>Un titre revu –" in (preview.page("fr") or "")


def test_every_problem_is_shown_and_a_brief_broken_from_the_start_comes_back(tmp_path):
    source, _ = write_starter(tmp_path / "note")
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("lang: en", "lingo: en"), encoding="utf-8")
    with Preview(source, port=0, pdf=False) as preview:
        status, body = get(preview.url)
        assert status == 200
        where = problems_of(good.replace("lang: en", "lingo: en"), source)
        assert where and all(f'<code class="where">{w}</code>' in body.decode() for w in where)
        source.write_text(good, encoding="utf-8")
        wait_for(lambda: preview.lang == "en" and "en" in preview.shown
                 and preview.shown["en"].error is None, "the edition after the fix")
        status, body = get(f"http://127.0.0.1:{preview.port}/")
        assert status == 200 and b'class="brief"' in body


def test_the_pdf_is_built_in_the_background_and_linked_when_ready(tmp_path, monkeypatch):
    monkeypatch.setattr(preview_module, "PDF_QUIET", 0.0)
    source = tmp_path / "short.md"
    source.write_text("---\ntitle: Short\nlang: en\n---\n\n# One\n\nA paragraph.\n", encoding="utf-8")
    with Preview(source, port=0, pdf=True) as preview:
        folder = preview.folder
        assert 'class="pdf-link"' not in (preview.page("en") or "")
        wait_for(lambda: 'class="pdf-link"' in (preview.page("en") or ""), "the PDF", timeout=90)
        status, pdf = get(preview.url + "short-en.pdf")
        assert status == 200 and pdf.startswith(b"%PDF-")
        # A save starts a new PDF build, which closing the preview kills.
        source.write_text(source.read_text(encoding="utf-8") + "\nAnother paragraph.\n", encoding="utf-8")
        wait_for(lambda: preview.shown["en"].job is not None, "a new PDF build")
        job = preview.shown["en"].job
        assert job is not None
    assert job[0].poll() is not None, "the PDF build is stopped"
    assert not folder.exists()


def test_ctrl_c_stops_the_command_cleanly(tmp_path):
    source, _ = write_starter(tmp_path / "note")
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", "preview", str(source), "--port", "0", "--no-pdf"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/\S*", line)
        assert url, line + (process.stderr.read() if process.stderr else "")
        assert get(url.group())[0] == 200
        assert list(temp.glob("brief-preview-*"))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=PATIENCE) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert list(temp.iterdir()) == []
