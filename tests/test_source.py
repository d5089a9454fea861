"""The loader (Markdown → model), driven by fixture files.

Each ``tests/fixtures/source/NAME.md`` is loaded with `brief.load` and
compared with ``NAME.json``, a compact dump of the model written by hand
from the format contract (/work/shared/brief-format.md): chapters with their
number, title and sections, blocks by kind and text, notes in the order of
their first call, and the printed mark of each note.

To see the dump of a new fixture (then *check it by hand* before saving it
as the expected output)::

    .venv/bin/python tests/test_source.py tests/fixtures/source/NAME.md
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import brief
from brief import model

FIXTURES = Path(__file__).parent / "fixtures" / "source"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))
HEAD = "---\ntitle: Proef\nlang: nl\n---\n\n"


# -- the dump -----------------------------------------------------------------

def dump_blocks(blocks: list[model.Block]) -> list[Any]:
    return [dump_block(b) for b in blocks]


def dump_block(b: model.Block) -> dict[str, Any]:
    if isinstance(b, model.Paragraph):
        return {"p": b.text}
    if isinstance(b, model.ItemList):
        items = [i.text if not i.blocks else {"text": i.text, "blocks": dump_blocks(i.blocks)}
                 for i in b.items]
        out: dict[str, Any] = {"ol" if b.ordered else "ul": items}
        if b.ordered and b.start != 1:
            out["start"] = b.start
        return out
    if isinstance(b, model.PullQuote):
        return {"pullquote": b.text}
    if isinstance(b, model.Box):
        return {"box": b.title, "blocks": dump_blocks(b.blocks)}
    if isinstance(b, model.Figure):
        return {"figure": b.src, "caption": b.caption, "alt": b.alt}
    if isinstance(b, model.Heading):
        return {f"h{b.level}": b.text}
    if isinstance(b, model.Quote):
        return {"quote": dump_blocks(b.blocks)}
    if isinstance(b, model.Code):
        return {"code": b.text}
    if isinstance(b, model.Rule):
        return {"rule": True}
    raise AssertionError(f"unknown block {b!r}")


def _part(title: str, number: Any, anchor: str | None, loc: model.Location | None,
          blocks: list[model.Block]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": title, "number": number}
    if anchor:
        out["anchor"] = anchor
    if title and loc:
        out["line"] = loc.line
    if blocks:
        out["blocks"] = dump_blocks(blocks)
    return out


def dump(b: model.Brief) -> dict[str, Any]:
    """The model as plain data. Numbers come from the model's outline, the
    one place that numbers chapters and sections."""
    meta: dict[str, Any] = {}
    for key in ("title", "subtitle", "lang", "translations", "date", "publisher",
                "responsible_editor", "legal_deposit", "authors", "series", "keywords",
                "notes_mode", "min_translated", "press", "extra"):
        value = getattr(b, key)
        if value in (None, [], {}, False) or (key == "notes_mode" and value == "endnotes"):
            continue
        meta[key] = value.isoformat() if isinstance(value, datetime.date) else value
    chapters = []
    for entry in b.outline():
        ch = entry.chapter
        out = _part(ch.title, entry.number, ch.anchor, ch.loc, [])
        if ch.lead_block:
            out["lead"] = dump_blocks(ch.lead_block.blocks)
        if ch.blocks:
            out["blocks"] = dump_blocks(ch.blocks)
        sections = [_part(s.section.title, s.number, s.section.anchor, s.section.loc,
                          s.section.blocks) for s in entry.sections]
        if sections:
            out["sections"] = sections
        chapters.append(out)
    notes = [{"label": n.label, "text": n.text, "line": n.loc.line if n.loc else None}
             for n in b.ordered_notes()]
    return {"meta": meta, "chapters": chapters, "notes": notes, "marks": b.marks()}


# -- fixtures -------------------------------------------------------------------

def test_there_are_fixtures() -> None:
    assert {"front_matter", "headings", "blocks", "notes", "preamble", "commonmark"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str) -> None:
    """The model of NAME.md is the one NAME.json describes."""
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    got = dump(brief.load(FIXTURES / f"{name}.md"))
    assert got == expected


def test_locations_name_the_file() -> None:
    """Every node remembers the file it came from (errors and catalogs use it)."""
    path = FIXTURES / "notes.md"
    b = brief.load(path)
    assert b.path == path
    assert {n.loc.file for n in b.notes.values()} == {str(path)}
    assert {u.loc.file for u in b.body_units() if u.loc} == {str(path)}


def test_references_are_kept_for_rendering() -> None:
    """A reference link ([text][label]) keeps its definition, so that the
    link reaches the HTML."""
    b = brief.load(FIXTURES / "commonmark.md")
    html = b.render_html()
    assert 'href="https://example.org"' in html
    assert "verwijzing</a>" in html


def test_loads_and_load_agree(tmp_path: Path) -> None:
    """`loads(text, path)` is `load(path)` without reading the file."""
    source = FIXTURES / "blocks.md"
    copy = tmp_path / "blocks.md"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "chart.svg").write_bytes((FIXTURES / "chart.svg").read_bytes())
    assert dump(brief.loads(copy.read_text(encoding="utf-8"), copy)) == dump(brief.load(copy))


# -- CommonMark that must parse (one case a test, so each says what breaks) -------

def test_note_call_syntax_inside_code_is_not_a_call() -> None:
    """In a code span, ``[^1]`` is code, not a note call (CommonMark: code
    spans take precedence); the loader must not ask for a definition."""
    b = brief.loads(HEAD + "# Hoofdstuk\n\nSchrijf `[^1]` om een noot op te roepen.\n")
    assert b.notes == {}
    assert list(b.calls()) == []


def test_escaped_bracket_is_not_a_call() -> None:
    """``\\[^1]`` is an escaped bracket: literal text, not a note call."""
    b = brief.loads(HEAD + "# Hoofdstuk\n\nSchrijf \\[^1] om een noot op te roepen.\n")
    assert list(b.calls()) == []


def test_heading_ending_in_braces_that_are_not_attributes() -> None:
    """``# Verzamelingen {A, B}`` is a CommonMark heading; ``{A, B}`` is no
    attribute list (Pandoc keeps such braces as text), so it is part of the title."""
    b = brief.loads(HEAD + "# Verzamelingen {A, B}\n\nTekst.\n")
    assert b.chapters[0].title == "Verzamelingen {A, B}"


@pytest.mark.parametrize("source", ["Een alinea\\\nmet een harde regelbreuk.",
                                    "Een alinea  \nmet een harde regelbreuk."],
                         ids=["backslash", "two-spaces"])
def test_hard_line_break_survives(source: str) -> None:
    """A hard line break (backslash or two spaces at the end of a line) is a
    line break in the HTML, not lost, and never a stray backslash."""
    b = brief.loads(HEAD + "# Hoofdstuk\n\n" + source + "\n")
    html = b.render_html()
    paragraph = html[html.index("<p>Een alinea"):]
    paragraph = paragraph[:paragraph.index("</p>")]
    assert "\\" not in paragraph
    assert "<br" in paragraph


def test_text_before_first_heading_opens_an_untitled_chapter() -> None:
    """Text before the first ``#`` is an unnumbered chapter without a title:
    it does not take number 1, and it has no heading in the HTML."""
    b = brief.load(FIXTURES / "preamble.md")
    html = b.render_html()
    assert html.count('class="chapter-title"') == 1
    assert '<span class="chapter-number">1</span>' in html


def test_symbol_marks_grow_with_each_symbol_note() -> None:
    """The third and fourth symbol notes are *** and ****."""
    text = HEAD + "# H\n\nA[^*a] b[^*b] c[^*c] d[^*d].\n\n" + "".join(
        f"[^*{x}]: {x}.\n\n" for x in "abcd")
    assert brief.loads(text).marks() == {"*a": "*", "*b": "**", "*c": "***", "*d": "****"}


def test_comma_separated_lists_in_front_matter() -> None:
    """``keywords: a, b`` is read as a list, like ``[a, b]``; ``authors`` must
    be a list, since a name may hold a comma ("Demeulenaere, Saar")."""
    b = brief.loads("---\ntitle: T\nlang: nl\nkeywords: energie, huur\n---\n\nTekst.\n")
    assert b.keywords == ["energie", "huur"]
    with pytest.raises(brief.BriefError) as info:
        brief.loads("---\ntitle: T\nlang: nl\nauthors: An, Bert\n---\n\nTekst.\n")
    assert (info.value.line, "'authors' must be a list" in info.value.message) == (4, True)


if __name__ == "__main__":  # print the dump of a fixture, to check by hand
    for arg in sys.argv[1:]:
        print(json.dumps(dump(brief.load(arg)), ensure_ascii=False, indent=2))
