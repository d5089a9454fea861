"""Building side by side (brief.jobs, brief.build): as many processes as
asked give the same files as one; each edition is laid out once for the
variants that share its geometry; the command line says what it did as it
goes; an error in a worker is one line, as it is in the command itself."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from babel.messages.pofile import read_po, write_po
from conftest import ROOT
from pypdf import PdfReader

import brief
from brief import Options, build, i18n
from brief.cli import _Bar, main
from brief.errors import SetupError
from brief.variants import VARIANTS

SOURCE = """\
---
title: Proef
lang: nl
translations: [fr]
---

# Context

Een korte alinea over energie in huis.[^bron]

[^bron]: Een bron, 2024.
"""


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    (tmp_path / "proef.md").write_text(SOURCE, encoding="utf-8")
    list(i18n.update(brief.load(tmp_path / "proef.md"), tmp_path / "locales"))
    return tmp_path


def pages_of(path: Path) -> list[tuple[bytes, list[float], list[float]]]:
    """Each page's drawing (its content streams) and boxes: what a file
    shows, without the dates and identifiers of its writing."""
    return [(page.get_contents().get_data(), [float(v) for v in page.mediabox], [float(v) for v in page.trimbox])
            for page in PdfReader(path).pages]


def test_one_process_or_two_make_the_same_files(work: Path) -> None:
    made = {}
    for jobs in (1, 2):
        options = Options(out=work / f"out{jobs}", locales=work / "locales", press=True, jobs=jobs)
        made[jobs] = {(o.lang, o.variant): o for o in build.build(brief.load(work / "proef.md"), options)}
    assert set(made[1]) == set(made[2]) == {(lang, v) for lang in ("nl", "fr") for v in ("screen", "press")}
    for key, one in made[1].items():
        two = made[2][key]
        assert one.path.name == two.path.name and one.pages == two.pages
        assert pages_of(one.path) == pages_of(two.path), key
        assert [str(p).replace(str(work / "out1"), "") for p in one.problems] == \
            [str(p).replace(str(work / "out2"), "") for p in two.problems]


def rendered(path: Path) -> list[bytes]:
    """Each page as pdfium draws it (at 36 dpi)."""
    document = pdfium.PdfDocument(path)
    try:
        return [bytes(document[i].render(scale=0.5).buffer) for i in range(len(document))]
    finally:
        document.close()


def test_screen_and_archive_share_one_layout(sample_outputs) -> None:
    """The archive is the screen edition's layout written as PDF/A (without
    the tags): the same pages, drawn the same."""
    assert build.layouts([VARIANTS["screen"], VARIANTS["press"], VARIANTS["archive"]]) == \
        [[VARIANTS["screen"], VARIANTS["archive"]], [VARIANTS["press"]]]
    for lang in ("nl", "fr"):
        assert rendered(sample_outputs[(lang, "screen")]) == rendered(sample_outputs[(lang, "archive")])


def test_each_file_is_said_as_its_edition_is_done(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", str(work / "proef.md"), "--out", str(work / "out"), "--locales", str(work / "locales"),
            "--jobs", "2"]
    assert main(args) == 0
    first = capsys.readouterr()
    lines = [ln for ln in first.out.splitlines() if ln.startswith(str(work / "out")) and " pages, " in ln]
    assert sorted(ln.split(":")[0] for ln in lines) == [str(work / "out" / f"proef-{lang}.pdf") for lang in ("fr", "nl")]
    assert all(ln.endswith(" s)") and "pages" in ln for ln in lines)
    assert first.err == "", "no progress bar where stderr is not a terminal"
    assert main(args) == 0
    again = capsys.readouterr().out.splitlines()
    assert sorted(ln for ln in again if "from the cache" in ln) == sorted(
        ln.rsplit(" (", 1)[0] + " (unchanged, from the cache)" for ln in lines)


def test_the_progress_bar_where_stderr_is_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    bar = _Bar()
    bar.update(1, 4)
    bar.print("a line of output")
    bar.update(4, 4)
    bar.clear()
    out, err = capsys.readouterr()
    assert out == "a line of output\n"
    assert f"[{'#' * 6}{'.' * 18}] 1/4 files" in err and f"[{'#' * 24}] 4/4 files" in err
    assert err.endswith("\r\033[K"), "the bar is wiped at the end"


def test_progress_is_counted_in_files(work: Path) -> None:
    seen: list[tuple[int, int]] = []
    options = Options(out=work / "out", locales=work / "locales", archive=True, check=False, jobs=2)
    results = list(build.build(brief.load(work / "proef.md"), options, progress=lambda d, t: seen.append((d, t))))
    assert seen == [(i, len(results)) for i in range(1, len(results) + 1)]


def test_an_error_in_a_worker_is_one_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken translation stops the build in the worker that translates
    it; the command prints the catalog's error as it would without workers."""
    po = i18n.po_path(brief.load(work / "proef.md"), "fr", work / "locales")
    with po.open("rb") as f:
        catalog = read_po(f, locale="fr")
    message = next(m for m in catalog if m.id and "[^bron]" in m.id)
    message.string = "Un court paragraphe."            # the note call is lost
    buf = io.BytesIO()
    write_po(buf, catalog)
    po.write_bytes(buf.getvalue())
    status = main(["build", str(work / "proef.md"), "--out", str(work / "out"), "--locales",
                   str(work / "locales"), "--jobs", "2", "--no-check"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith(f"brief: {po}:") and "[^bron]" in line


def test_jobs_is_a_checked_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert Options.make(jobs=3).jobs == 3 and Options().jobs is None
    for bad in (0, -1, "2", 1.5, True):
        with pytest.raises(SetupError, match="jobs"):
            Options.make(jobs=bad)
    with pytest.raises(SystemExit):
        main(["build", "x.md", "--jobs", "0"])
    assert "not a number of processes" in capsys.readouterr().err


def test_the_sample_builds_the_same_with_another_copy_of_the_styles(tmp_path: Path) -> None:
    """The key of an output does not depend on where the styles are, only on
    what they hold (a copy of the styles folder gives the same keys)."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    b = brief.load(ROOT / "briefs" / "energiearmoede.md")
    options = Options(locales=ROOT / "locales", press=True)
    assert build.output_keys(b, options) == build.output_keys(b, options.replace(styles=tmp_path / "styles"))
