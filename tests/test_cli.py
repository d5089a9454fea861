"""The command line: what it prints and its exit statuses, documented in
``brief --help`` (0 done, 1 a check found an error, 2 bad input, 3 an
edition skipped). Small briefs and small PDFs only; the checks themselves
are tested in test_check.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_check import _with_helvetica_page

from brief.cli import main

BRIEF = "---\ntitle: Proef\nlang: nl\ntranslations: [fr]\n---\n\n# Een\n\nEen korte tekst.\n"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean PDF written by brief, and the same with a page whose font is
    not embedded (an error of the preflight)."""
    folder = tmp_path_factory.mktemp("cli")
    src = folder / "proef.md"
    # Enough text to fill its page (a page holding a line or two is a warning of its own).
    src.write_text(BRIEF.replace("translations: [fr]\n", "") + "\n" + "Een langere alinea met tekst. " * 120 + "\n",
                   encoding="utf-8")
    assert main(["build", str(src), "--out", str(folder), "--no-check"]) == 0
    clean = folder / "proef-nl.pdf"
    broken = folder / "broken.pdf"
    broken.write_bytes(_with_helvetica_page(clean.read_bytes()))
    return {"clean": clean, "broken": broken}


def test_check_exits_0_on_a_clean_pdf(pdfs, capsys) -> None:
    assert main(["check", str(pdfs["clean"])]) == 0
    assert ": error:" not in capsys.readouterr().out


def test_check_exits_1_on_an_error_and_names_the_file_and_page(pdfs, capsys) -> None:
    assert main(["check", str(pdfs["clean"]), str(pdfs["broken"])]) == 1
    out = capsys.readouterr().out
    assert f"{pdfs['broken']}, page " in out and "font-not-embedded" in out
    assert str(pdfs["clean"]) not in out, "the clean file has nothing to report"


def test_check_json(pdfs, capsys) -> None:
    assert main(["check", "--json", str(pdfs["broken"])]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == sum(1 for p in data["problems"] if p["severity"] == "error") > 0
    assert {p["code"] for p in data["problems"]} >= {"font-not-embedded"}
    assert all(p["file"] == str(pdfs["broken"]) and p["page"] for p in data["problems"])


def test_check_exits_2_on_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path / "nergens.pdf")]) == 2
    assert capsys.readouterr().err.startswith(f"brief: {tmp_path / 'nergens.pdf'}: no such file")


def test_build_exits_3_when_an_edition_is_skipped(tmp_path: Path, capsys) -> None:
    """The untranslated fr edition is skipped under --min-translated, named
    with its share; the nl edition is still built."""
    src = tmp_path / "proef.md"
    src.write_text(BRIEF, encoding="utf-8")
    assert main(["update", str(src)]) == 0
    status = main(["build", str(src), "--out", str(tmp_path / "out"), "--min-translated", "50", "--no-check"])
    out = capsys.readouterr().out
    assert status == 3
    assert "the 'fr' edition is 0.0% translated, below the minimum of 50%: not built" in out
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == ["proef-nl.pdf"]


def test_build_writes_an_html_bundle_a_browser_can_open(tmp_path: Path) -> None:
    """--html writes the edition's HTML next to its stylesheet, fonts and
    figures, with relative links only."""
    import re

    from conftest import SAMPLE
    figure = SAMPLE.with_name("energiearmoede-figuur.svg")
    shutil.copy(figure, tmp_path)
    src = tmp_path / "proef.md"
    src.write_text(BRIEF.replace("translations: [fr]\n", "") + f"\n![Een figuur]({figure.name})\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--html", "--no-check"]) == 0
    bundle = out / "proef-nl"
    html = (bundle / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="styles/brief.css">' in html
    refs = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    assert figure.name in refs
    for ref in refs:
        assert (bundle / ref).is_file(), ref
    css = (bundle / "styles" / "brief.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+)\)", css)
    assert fonts and all((bundle / "styles" / font).is_file() for font in fonts)


def test_check_of_a_brief_reports_every_broken_translation(tmp_path: Path, capsys) -> None:
    """`brief check FILE.md` checks the catalogs without building: each
    broken translation is an error with its PO file and line, and an
    edition printing untranslated messages in the source language a warning."""
    src = tmp_path / "proef.md"
    src.write_text(BRIEF + "\nTweede alinea.[^a]\n\n[^a]: Een noot.\n", encoding="utf-8")
    assert main(["update", str(src)]) == 0
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "proef.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Tweede alinea.[^a]"\nmsgstr ""', 'msgid "Tweede alinea.[^a]"\nmsgstr "Second."')
    text = text.replace('msgid "Een noot."\nmsgstr ""', 'msgid "Een noot."\nmsgstr "Une <b>note</b>."')
    po.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--json", str(src)]) == 1
    data = json.loads(capsys.readouterr().out)
    lines = text.splitlines()
    expected = sorted(i + 1 for i, line in enumerate(lines, 1) if line.startswith("msgid") and
                      any(m in line for m in ("Tweede", "Een noot")))   # the msgstr lines
    assert [(p["code"], p["file"], p["line"]) for p in data["problems"]] == \
        [("catalog", str(po), line) for line in expected]
    assert "drops the note call [^a]" in data["problems"][0]["message"]
    assert "carries raw HTML <b>" in data["problems"][1]["message"]


def test_a_fuzzy_build_is_a_draft_on_every_page(tmp_path: Path, capsys) -> None:
    """--fuzzy prints fuzzy translations, and the edition says on every
    page that it is a draft; without it, the fuzzy message falls back."""
    from pypdf import PdfReader
    src = tmp_path / "proef.md"
    src.write_text(BRIEF + "\nEen tweede alinea.\n", encoding="utf-8")
    assert main(["update", str(src)]) == 0
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "proef.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "Een korte tekst."\nmsgstr ""', '#, fuzzy\nmsgid "Een korte tekst."\nmsgstr "Un texte court."'),
        encoding="utf-8")
    capsys.readouterr()
    for fuzzy in (True, False):
        out = tmp_path / ("draft" if fuzzy else "final")
        assert main(["build", str(src), "--out", str(out), "--lang", "fr", "--no-check"]
                    + (["--fuzzy"] if fuzzy else [])) == 0
        pages = [p.extract_text() for p in PdfReader(out / "proef-fr.pdf").pages]
        text = " ".join(pages)
        assert ("Un texte court." in text) is fuzzy and ("Een korte tekst." in text) is not fuzzy
        marked = ["BROUILLON" in page for page in pages]
        assert marked == [fuzzy] * len(pages), marked
    assert "a draft with 1 fuzzy translations" in capsys.readouterr().out
