"""The build cache (brief.cache): an unchanged edition is not built again,
any change to what it is made from builds it again, and a file that is
not the one recorded (changed, cut short, left by a killed build) is never
served.

The brief is a small one of two editions (nl, fr), with a figure and a
catalog of its own, so that each build takes a second or two."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import ROOT, SAMPLE
from pypdf import PdfReader

import brief
from brief import Options, build, i18n
from brief.cache import CACHE_DIR, Cache
from brief.errors import SetupError
from brief.resources import DEFAULT_ICC

SOURCE = """\
---
title: Proef
lang: nl
translations: [fr]
---

# Context

Een korte alinea over energie in huis.[^bron]

![De figuur](fig.svg "Een blauwe rechthoek")

[^bron]: Een bron, 2024.
"""
FIGURE = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80">'
          '<rect width="200" height="80" fill="{colour}"/></svg>')


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A brief with its figure, its fr catalog (the title translated) and a
    copy of the styles, all in a folder of its own."""
    (tmp_path / "proef.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "fig.svg").write_text(FIGURE.format(colour="navy"), encoding="utf-8")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    b = brief.load(tmp_path / "proef.md")
    list(i18n.update(b, tmp_path / "locales"))
    translate(tmp_path, "Proef", "Essai")
    return tmp_path


def translate(work: Path, msgid: str, msgstr: str) -> None:
    path = i18n.po_path(brief.load(work / "proef.md"), "fr", work / "locales")
    with path.open("rb") as f:
        catalog = read_po(f, locale="fr")
    catalog[msgid].string = msgstr
    buf = io.BytesIO()
    write_po(buf, catalog, width=76)
    path.write_bytes(buf.getvalue())


def options(work: Path, **values) -> Options:
    base = {"out": work / "out", "locales": work / "locales", "styles": work / "styles", "jobs": 1}
    return Options.make(**{**base, **values})


def run(work: Path, **values) -> dict[tuple[str, str], build.Output]:
    results = list(build.build(brief.load(work / "proef.md"), options(work, **values)))
    assert all(isinstance(r, build.Output) for r in results)
    return {(r.lang, r.variant): r for r in results}


def keys(work: Path, **values) -> dict[tuple[str, str], str]:
    return build.output_keys(brief.load(work / "proef.md"), options(work, **values))


# -- an unchanged edition -------------------------------------------------------------------

def test_an_unchanged_edition_comes_from_the_cache_with_its_findings(work: Path) -> None:
    first = run(work)
    assert not any(o.cached for o in first.values())
    files = {key: (o.path.read_bytes(), o.path.stat().st_mtime_ns) for key, o in first.items()}
    again = run(work)
    assert set(again) == set(first) and all(o.cached for o in again.values())
    assert {key: (o.path.read_bytes(), o.path.stat().st_mtime_ns) for key, o in again.items()} == files
    for key, output in again.items():
        assert (output.pages, output.summary) == (first[key].pages, first[key].summary)
        assert [str(p) for p in output.problems] == [str(p) for p in first[key].problems]
        assert "from the cache" in output.line()
    # The edition's own findings (a figure's alt text) come back with its first file.
    assert any(p.code == "missing-alt" for p in again[("nl", "screen")].problems) is \
        any(p.code == "missing-alt" for p in first[("nl", "screen")].problems)


def test_an_edition_built_without_checks_is_checked_from_the_cache(work: Path) -> None:
    """Built with check=False, the files are kept; a build with the checks
    checks them without building them again."""
    first = run(work, check=False)
    assert all(o.problems == [] for o in first.values())
    before = {key: o.path.stat().st_mtime_ns for key, o in first.items()}
    checked = run(work)
    assert all(o.cached for o in checked.values())
    assert {key: o.path.stat().st_mtime_ns for key, o in checked.items()} == before
    assert run(work)[("nl", "screen")].problems == checked[("nl", "screen")].problems


# -- what makes an edition new --------------------------------------------------------------

def _source(work: Path) -> None:
    path = work / "proef.md"
    path.write_text(path.read_text(encoding="utf-8").replace("korte alinea", "lange alinea"), encoding="utf-8")


def _catalog(work: Path) -> None:
    translate(work, "Context", "Contexte")


def _figure(work: Path) -> None:
    (work / "fig.svg").write_text(FIGURE.format(colour="teal"), encoding="utf-8")


def _stylesheet(work: Path) -> None:
    css = work / "styles" / "brief.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.lead { letter-spacing: 0.01em; }\n", encoding="utf-8")


def _font(work: Path) -> None:
    fonts = work / "styles" / "fonts"
    shutil.copyfile(fonts / "Inter-Bold.otf", fonts / "Inter-Black.otf")


CHANGES = {"source": (_source, {"nl", "fr"}), "catalog": (_catalog, {"fr"}), "figure": (_figure, {"nl", "fr"}),
           "stylesheet": (_stylesheet, {"nl", "fr"}), "font": (_font, {"nl", "fr"})}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_what_an_edition_is_made_of_changes_its_keys(work: Path, change: str) -> None:
    """Source and figure and styles belong to every edition; a catalog to its own."""
    edit, langs = CHANGES[change]
    before = keys(work, press=True)
    edit(work)
    after = keys(work, press=True)
    assert {key[0] for key in before if before[key] != after[key]} == langs
    assert all(before[key] == after[key] for key in before if key[0] not in langs)


def test_options_and_version_change_the_keys(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = keys(work, press=True)
    # Another ICC profile for the press: the press editions only.
    if not DEFAULT_ICC.is_file():
        pytest.skip("Ghostscript's CMYK profile (libgs-common) is installed by make setup")
    profile = work / "other.icc"
    data = bytearray(DEFAULT_ICC.read_bytes())
    data[-1] ^= 1
    profile.write_bytes(bytes(data))
    icc = keys(work, press=True, icc=profile)
    assert {k for k in before if before[k] != icc[k]} == {("nl", "press"), ("fr", "press")}
    # Other styles: every edition; the same styles in another folder: none.
    shutil.copytree(work / "styles", work / "styles2")
    assert keys(work, press=True, styles=work / "styles2") == before, "the same files elsewhere: same keys"
    (work / "styles2" / "press.css").write_text("/* another */", encoding="utf-8")
    moved = keys(work, press=True, styles=work / "styles2")
    assert {k for k in before if before[k] != moved[k]} == set(before)
    # Options that do not change the files do not change the keys; --fuzzy does.
    assert keys(work, press=True, check=False, jobs=2, html=True) == before
    assert keys(work, press=True, fuzzy=True) != before
    # Another version of brief: everything.
    monkeypatch.setattr(brief, "__version__", "99.0")
    assert all(a != b for a, b in zip(before.values(), keys(work, press=True).values(), strict=True))


def test_an_edited_paragraph_is_built_again(work: Path) -> None:
    run(work)
    _source(work)
    again = run(work)
    assert not any(o.cached for o in again.values())
    text = "".join(p.extract_text() for p in PdfReader(again[("nl", "screen")].path).pages)
    assert "lange alinea" in text


def test_an_added_variant_is_built_alone(work: Path) -> None:
    run(work)
    more = run(work, archive=True)
    assert {key: o.cached for key, o in more.items()} == {
        ("nl", "screen"): True, ("fr", "screen"): True, ("nl", "archive"): False, ("fr", "archive"): False}


def test_an_unchanged_web_edition_is_left_as_it_is(work: Path) -> None:
    """The web editions come from the cache too; a change to what an edition
    is made of writes its page again (and its PDF, which the page links)."""
    def web(**values: object) -> dict[str, object]:
        results = list(build.build(brief.load(work / "proef.md"), options(work, web=True, **values)))
        return {r.lang: r for r in results if r.variant == "web"}

    first = web()
    assert set(first) == {"nl", "fr"} and not any(o.cached for o in first.values())
    again = web()
    assert all(o.cached for o in again.values())
    translate(work, "Proef", "Un essai")
    after = web()
    assert {lang: o.cached for lang, o in after.items()} == {"nl": True, "fr": False}
    assert "Un essai" in (work / "out" / "proef-fr" / "index.html").read_text(encoding="utf-8")
    assert not web(site_url="https://example.org/briefs/")["nl"].cached, "another address: written again"


# -- files that are not what was recorded ---------------------------------------------------

def test_a_changed_or_cut_file_is_built_again_never_served(work: Path) -> None:
    first = run(work)
    nl = first[("nl", "screen")].path
    whole = nl.read_bytes()
    nl.write_bytes(whole[: len(whole) // 2])           # cut short
    again = run(work)
    assert not again[("nl", "screen")].cached and again[("fr", "screen")].cached
    assert len(PdfReader(nl).pages) == first[("nl", "screen")].pages
    nl.write_bytes(nl.read_bytes().replace(b"%%EOF", b"%%EOF\n% edited"))   # changed, same key
    assert not run(work)[("nl", "screen")].cached


def test_a_damaged_manifest_is_a_miss(work: Path) -> None:
    first = run(work)
    manifest = Cache(work / "out").manifest(first[("fr", "screen")].path)
    manifest.write_text(manifest.read_text(encoding="utf-8")[:40], encoding="utf-8")
    again = run(work)
    assert not again[("fr", "screen")].cached and again[("nl", "screen")].cached
    assert run(work)[("fr", "screen")].cached


def test_a_build_stopped_between_file_and_manifest_serves_nothing_stale(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worst moment to stop: the new file is in place, its manifest is
    not (the old one says: the old key, the old file's hash). Going back to
    the old source gives the old key again: the file on disk is not the one
    that key recorded, so it is built again."""
    run(work)
    _source(work)

    def stopped(self, path, data, entry):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(Cache, "store", stopped)
        with pytest.raises(KeyboardInterrupt):
            run(work)
    nl = work / "out" / "proef-nl.pdf"
    assert "lange alinea" in "".join(p.extract_text() for p in PdfReader(nl).pages)
    path = work / "proef.md"
    path.write_text(path.read_text(encoding="utf-8").replace("lange alinea", "korte alinea"), encoding="utf-8")
    again = run(work)
    assert not again[("nl", "screen")].cached
    assert "korte alinea" in "".join(p.extract_text() for p in PdfReader(nl).pages)
    assert not list((work / "out").glob("*.part")) and not list((work / "out").glob(".*.part"))


def test_a_worker_killed_mid_build_leaves_a_cache_that_works(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies (here: killed as it starts the French edition, once
    the Dutch one is done) stops the build with one error; what was finished
    is kept, and the next build makes the rest."""
    pages = build.pages
    nl = Cache(work / "out").manifest(work / "out" / "proef-nl.pdf")

    def killed_on_french(text, out, options, html=None):
        if text.lang == "fr":
            deadline = time.monotonic() + 60
            while not nl.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGKILL)
        return pages(text, out, options, html)

    monkeypatch.setattr(build, "pages", killed_on_french)
    b = brief.load(work / "proef.md")
    with pytest.raises(SetupError, match="ended before its work was done"):
        list(build.build(b, options(work).replace(jobs=2)))
    monkeypatch.setattr(build, "pages", pages)
    again = run(work)
    assert again[("nl", "screen")].cached and not again[("fr", "screen")].cached
    assert all(run(work)[key].cached for key in again)


def _session(pgid: int) -> list[int]:
    """The processes of a session, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").is_file() or sys.platform != "linux",
                    reason="reads the processes from Linux's /proc")
def test_ctrl_c_ends_every_worker_and_leaves_no_part_file(tmp_path: Path) -> None:
    """Ctrl-C in a terminal signals the whole process group: the command
    exits with status 130, its workers with it, and no half-written file is
    left in the output folder."""
    shutil.copy(SAMPLE, tmp_path)
    shutil.copy(SAMPLE.with_name("energiearmoede-figuur.svg"), tmp_path)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "brief", "build", str(tmp_path / SAMPLE.name), "--lang", "nl",
               "--lang", "fr", "--locales", str(ROOT / "locales"), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(_session(process.pid)) < 3 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert len(_session(process.pid)) >= 3, "the command and two workers"
        time.sleep(0.5)                       # the workers are laying out
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err
    deadline = time.monotonic() + 10
    while _session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _session(process.pid) == []
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")] if out.exists() else True
    for manifest in (out / CACHE_DIR).glob("*.json") if (out / CACHE_DIR).exists() else []:
        assert (out / manifest.name.removesuffix(".json")).is_file()
