"""The model on its own: the builder API, the outline (numbering), the
translatable units, and the rules every brief is held to, however it was
made (`Brief.problems`, run by every build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief import Brief, Options, SourceError, build, model


def test_the_outline_numbers_chapters_and_sections() -> None:
    """Numbered chapters count 1, 2 ...; unnumbered ones take no number and
    their sections none either; sections are n.1, n.2 ... of their chapter;
    anchors are the given ones, or made from the position."""
    b = Brief(title="T", lang="nl")
    b.chapter("Context", numbered=False).section("Eerst")
    one = b.chapter("Een")
    one.section("A")
    one.section("Tussendoor", numbered=False)
    one.section("B", anchor="bee")
    b.chapter("Twee", anchor="twee")
    got = [(e.chapter.title, e.number, e.id, [(s.section.title, s.number, s.id) for s in e.sections])
           for e in b.outline()]
    assert got == [
        ("Context", None, "ch1", [("Eerst", None, "s1-1")]),
        ("Een", 1, "ch2", [("A", "1.1", "s2-1"), ("Tussendoor", None, "s2-2"), ("B", "1.2", "bee")]),
        ("Twee", 2, "twee", []),
    ]


def test_units_say_what_and_where() -> None:
    """Each unit has a kind (what catalogs tell apart) and a role (what and
    where, for the translator); notes come last, in the order of their calls."""
    b = Brief(title="T", lang="nl", series="Reeks")
    ch = b.chapter("Een")
    ch.lead("Kort.")
    ch.box("Kader", "In het kader.")
    ch.paragraph("Tekst.", notes=["De noot."])
    got = [(u.kind, u.role, u.text) for u in b.units()]
    assert got == [
        ("series line", "series line", "Reeks"),
        ("title", "title", "T"),
        ("chapter title", "chapter title, chapter 1", "Een"),
        ("paragraph", "paragraph, lead, chapter 1", "Kort."),
        ("box title", "box title, chapter 1", "Kader"),
        ("paragraph", "paragraph, box, chapter 1", "In het kader."),
        ("paragraph", "paragraph, chapter 1", "Tekst.[^n1]"),
        ("note", "note 1, [^n1]", "De noot."),
    ]


def test_every_block_is_walked_once_in_reading_order() -> None:
    """Blocks in leads, boxes, quotations and list items are all reached."""
    b = Brief(title="T", lang="nl")
    ch = b.chapter("Een")
    ch.lead("Lead.")
    box = ch.box("Kader", "In het kader.")
    box.blocks.append(model.Figure("f.svg", "Figuur", "Figuur"))
    ch.numbered_list([("Aanbeveling", ["detail"])])
    texts = [getattr(x, "text", getattr(x, "caption", type(x).__name__)) for x in b.every_block()]
    assert texts == ["Lead.", "Box", "In het kader.", "Figuur", "ItemList", "ItemList"]
    assert [f.src for f in b.figures()] == ["f.svg"]


def test_a_brief_built_in_python_is_held_to_the_note_rules() -> None:
    """An undefined call, an uncalled note and a note calling a note are
    problems of the model, found without a Markdown file, all of them."""
    b = Brief(title="T", lang="nl")
    ch = b.chapter("Een")
    ch.paragraph("Zie de bron.[^ontbreekt]")
    b.note("vergeten", "Nooit opgeroepen.")
    b.note("keten", "Roept een andere op.[^vergeten]")
    ch.paragraph("Keten.[^keten]")
    messages = sorted(p.message for p in b.problems())
    assert messages == [
        "note [^keten] calls another note",
        "note [^ontbreekt] is called but never defined (in the paragraph, chapter 1)",
        "note [^vergeten] is defined but never called",
    ]
    assert all(isinstance(p, SourceError) for p in b.problems())


def test_every_build_validates_the_model(tmp_path: Path) -> None:
    """An undefined call in a brief built in Python stops the build with a
    SourceError, instead of printing "?" with a dangling link."""
    b = Brief(title="T", lang="nl")
    b.chapter("Een").paragraph("Zie de bron.[^ontbreekt]")
    with pytest.raises(SourceError) as info:
        b.write_pdf(tmp_path / "x.pdf")
    assert "[^ontbreekt]" in str(info.value)
    with pytest.raises(SourceError):
        b.render_html()
    with pytest.raises(SourceError):
        list(build.build(b, Options(out=tmp_path)))
    assert list(tmp_path.iterdir()) == []


def test_a_note_label_is_defined_once() -> None:
    b = Brief(title="T", lang="nl")
    b.note("a", "Een.")
    with pytest.raises(SourceError):
        b.note("a", "Twee.")


def test_notes_need_a_chapter_of_a_brief() -> None:
    with pytest.raises(SourceError):
        model.Chapter("Los").paragraph("Tekst.", notes=["Een noot."])
