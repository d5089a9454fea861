"""``brief new NAME``: a starter brief that holds every block of the format,
says what each is, and builds as it is, PDF and web edition, with no problem."""

from __future__ import annotations

import re
import typing

import pytest

from brief import cli, load, model
from brief.errors import SetupError
from brief.starter import write_starter
from brief.web import INDEX


def test_the_starter_holds_every_block_and_every_setting(tmp_path):
    brief_path, figure = write_starter(tmp_path / "drafts" / "my-brief")
    assert (brief_path, figure) == (tmp_path / "drafts" / "my-brief.md", tmp_path / "drafts" / "my-brief-figure.svg")
    brief = load(brief_path)
    kinds = {type(b) for b in brief.every_block()}
    assert set(typing.get_args(model.Block)) <= kinds
    lists = [b for b in brief.every_block() if isinstance(b, model.ItemList)]
    assert {b.ordered for b in lists} == {True, False}
    assert any(item.blocks for b in lists for item in b.items), "a nested list"
    boxes = [b for b in brief.every_block() if isinstance(b, model.Box)]
    assert {b.title is None for b in boxes} == {True, False}
    assert {b.level for b in brief.every_block() if isinstance(b, model.Heading)} == {3, 4}
    outline = brief.outline()
    assert {e.number is None for e in outline} == {True, False}
    assert any(ch.lead_block for ch in brief.chapters)
    assert {s.number is None for e in outline for s in e.sections} == {True, False}
    assert any(ch.anchor for ch in brief.chapters)
    assert brief.chapters[0].title == "" and brief.chapters[0].blocks, "an opening without a title"
    labels = list(brief.calls())
    assert {label.startswith("*") for label in labels} == {True, False}
    assert len(labels) > len(set(labels)), "a note called twice"
    assert [f.src for f in brief.figures()] == [figure.name] and not brief.figures()[0].alt_is_caption
    # Every setting of the front matter, set or shown in a comment.
    text = brief_path.read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    assert all(re.search(rf"(?m)^(# )?{key}:", front) for key in model.META_KEYS), front
    assert re.search(r"(?m)^x-[\w-]+:", front)


def test_the_starter_builds_as_it_is_pdf_and_web_with_no_problem(tmp_path, capsys):
    assert cli.main(["new", str(tmp_path / "note")]) == cli.OK
    out = tmp_path / "out"
    assert cli.main(["build", str(tmp_path / "note.md"), "--web", "--out", str(out)]) == cli.OK
    lines = capsys.readouterr().out.splitlines()
    # One line per file written, and none else: the checks reported no problem.
    assert [line.split(": ", 1)[0] for line in lines] == [
        str(tmp_path / "note.md"), str(tmp_path / "note-figure.svg"), str(out / "note-en.pdf"),
        str(out / "note-en" / INDEX)], lines
    assert (out / "note-en" / "note-en.pdf").read_bytes() == (out / "note-en.pdf").read_bytes()
    assert (out / "note-en" / "note-figure.svg").is_file()


def test_new_never_overwrites_a_file(tmp_path, capsys):
    brief_path, figure = write_starter(tmp_path / "note.md")
    brief_path.write_text("my own text", encoding="utf-8")
    figure.unlink()
    with pytest.raises(SetupError, match="exists already"):
        write_starter(tmp_path / "note")
    assert brief_path.read_text(encoding="utf-8") == "my own text"
    assert not figure.exists(), "nothing is written when one file is there"
    assert cli.main(["new", str(tmp_path / "note")]) == cli.BAD_INPUT
    assert "exists already" in capsys.readouterr().err
