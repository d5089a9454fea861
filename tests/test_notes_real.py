"""Notes as real briefs write them: notes of several paragraphs, and a note
called twice, in both note styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import html_root, normalize, text_of
from pypdf import PdfReader

import brief
from brief import check

NOTES = """\
---
title: Noten
lang: nl
notes: {mode}
---

# Hoofdstuk

Een eerste zin met een noot.[^lang] En dezelfde noot nog eens.[^lang]

[^lang]: Eurostat, *EU-SILC* (Brussel, 2021).

    The samplers kozen gezinnen at random.
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "noten.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_endnote_paragraphs_stay_paragraphs(tmp_path: Path) -> None:
    """Each paragraph of an endnote is a paragraph of its own, not glued to
    the one before ("(Brussel, 2021).The samplers...")."""
    b = brief.load(write(tmp_path, NOTES.format(mode="endnotes")))
    root = html_root(b.render_html())
    paras = [text_of(p) for p in root.query_all("ol.notes li p")]
    assert paras == ["Eurostat, EU-SILC (Brussel, 2021).", "The samplers kozen gezinnen at random."]


def test_footnote_called_twice_is_set_once(tmp_path: Path) -> None:
    """The second call of a page-foot note is a mark linking to the note,
    not a second copy of it (which WeasyPrint would print twice, with two
    anchors of one name)."""
    b = brief.load(write(tmp_path, NOTES.format(mode="footnotes")))
    root = html_root(b.render_html())
    notes = list(root.query_all(".footnote"))
    assert len(notes) == 1
    ids = [e.etree_element.get("id") for e in root.iter_subtree() if e.etree_element.get("id")]
    assert len(ids) == len(set(ids))
    repeat = list(root.query_all("a.note-call"))
    assert [a.etree_element.get("href") for a in repeat] == ["#note-lang"]
    assert [text_of(p) for p in notes[0].query_all(".note-para")] == \
        ["Eurostat, EU-SILC (Brussel, 2021).", "The samplers kozen gezinnen at random."]


@pytest.mark.parametrize("mode", ["endnotes", "footnotes"])
def test_multi_paragraph_notes_pass_the_check(tmp_path: Path, mode: str,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """Built and checked, in both note styles: no false error, the note
    printed once, and no WeasyPrint warning of an anchor defined twice."""
    b = brief.load(write(tmp_path, NOTES.format(mode=mode)))
    pdf = b.write_pdf(tmp_path / f"{mode}.pdf", check=False)
    assert not any("defined twice" in r.getMessage() for r in caplog.records)
    problems = [p for p in check.check_pdf(pdf) if p.severity == check.ERROR]
    assert problems == []
    raw = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert normalize(raw).count("The samplers kozen") == 1
    assert any(line.startswith("The samplers") for line in raw.splitlines())
