"""Bad input: one fixture per mistake, each a `BriefError` that names the
file, the line and what is wrong — and, on the command line, one line on
stderr and exit status 2.

The expected line is found in the fixture itself (the line holding the
offending text), so the fixtures can be edited without renumbering tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import brief
from brief.cli import main
from brief.errors import BriefError, SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "errors"


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of `path` containing `needle`."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not {occurrence} times in {path.name}"
    return hits[occurrence - 1]


@dataclass
class Case:
    fixture: str
    needle: str | None          # the text on the expected line (None: the front matter)
    says: tuple[str, ...]       # words the message must contain (any of a group joined by |)
    occurrence: int = 1

    @property
    def path(self) -> Path:
        return FIXTURES / f"{self.fixture}.md"

    def lines(self) -> set[int]:
        """The acceptable lines: the offending one, or for a key missing from
        the front matter, the front matter's opening line or its first key."""
        if self.needle is None:
            return {1, 2}
        return {line_of(self.path, self.needle, self.occurrence)}


CASES = [
    Case("invalid_yaml", "subtitle:", ("yaml",)),
    Case("missing_title", None, ("'title'|title:",)),
    Case("missing_lang", None, ("'lang'|lang:",)),
    Case("unknown_key", "colour:", ("colour", "unknown")),
    Case("unknown_block", "::: sidebar", ("sidebar",)),
    Case("undefined_note", "[^ontbreekt]", ("[^ontbreekt]", "defined")),
    Case("uncalled_note", "[^vergeten]:", ("[^vergeten]", "called")),
    Case("duplicate_note", "[^bron]:", ("[^bron]", "twice|more than once|duplicate"), occurrence=2),
    Case("missing_image", "![", ("ontbrekend.svg", "exist|missing|not found")),
    # The front matter's values, each of the wrong type or out of range.
    Case("bad_date", "date:", ("'date'", "not a date")),
    Case("authors_mapping", "authors:", ("'authors'", "list")),
    Case("min_translated_range", "min_translated:", ("'min_translated'", "between 0 and 100")),
    Case("min_translated_word", "min_translated:", ("'min_translated'", "number")),
    Case("press_word", "press:", ("'press'", "true or false")),
    Case("notes_style", "notes:", ("margin", "notes style")),
    Case("unknown_lang", "lang:", ("'zz'", "language tag")),
    Case("title_list", "title:", ("'title'", "single value")),
    Case("front_matter_list", "- title", ("key: value",)),
    Case("no_front_matter", "# Een titel", ("no front matter",)),
    Case("not_utf8", "Latin-1", ("UTF-8",)),
    # The structure of the text.
    Case("lead_before_chapter", "::: lead", ("lead", "before the first chapter")),
    Case("second_lead", "::: lead", ("second lead",), occurrence=2),
    Case("lead_in_box", "::: lead", ("lead", "inside another block")),
    Case("note_with_list", "[^lijst]:", ("[^lijst]", "more than paragraphs")),
    Case("pullquote_with_list", "::: pullquote", ("pull quote",)),
    Case("note_calls_note", "[^a]:", ("[^a]", "calls another note")),
    Case("image_gif", "![", ("grafiek.gif", "SVG, PNG or JPEG")),
    Case("image_url", "![", ("https://example.org/grafiek.svg", "not a file next to the brief")),
]


def _check(error: BriefError, case: Case) -> None:
    assert isinstance(error, SourceError), "a problem of the brief is a SourceError"
    assert error.file == str(case.path)
    assert error.line in case.lines(), f"line {error.line}, expected {sorted(case.lines())}"
    message = error.message.lower()
    for group in case.says:
        assert any(word.lower() in message for word in group.split("|")), \
            f"{error.message!r} does not say {group!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.fixture for c in CASES])
def test_bad_input_is_located_and_explained(case: Case) -> None:
    """Loading the fixture raises a BriefError at the offending line."""
    with pytest.raises(BriefError) as info:
        brief.load(case.path)
    _check(info.value, case)


def test_invalid_yaml_names_the_yaml_problem() -> None:
    """The YAML parser's own diagnosis is passed on (here: an unquoted ':')."""
    with pytest.raises(BriefError) as info:
        brief.load(FIXTURES / "invalid_yaml.md")
    assert "mapping values" in info.value.message


def test_unknown_key_hint_lists_the_keys() -> None:
    """The hint says what to write instead: the known keys, or an x- prefix."""
    with pytest.raises(BriefError) as info:
        brief.load(FIXTURES / "unknown_key.md")
    assert info.value.hint and "title" in info.value.hint and "x-" in info.value.hint


def test_duplicate_note_points_at_the_first_definition_too() -> None:
    """The error is at the second definition; its hint names the first."""
    path = FIXTURES / "duplicate_note.md"
    with pytest.raises(BriefError) as info:
        brief.load(path)
    assert str(line_of(path, "[^bron]:", 1)) in (info.value.hint or "")


def test_undefined_note_in_a_wrapped_paragraph_names_the_line_of_the_call() -> None:
    """Hand-wrapped paragraphs are common: the error must point at the line
    where the undefined note is called, not at the paragraph's first line."""
    path = FIXTURES / "undefined_note_wrapped.md"
    with pytest.raises(BriefError) as info:
        brief.load(path)
    assert info.value.file == str(path)
    assert info.value.line == line_of(path, "[^ontbreekt]")


def test_error_text_is_one_line_with_location() -> None:
    """str(error) is ``file:line: message; hint`` on one line."""
    case = next(c for c in CASES if c.fixture == "unknown_key")
    with pytest.raises(BriefError) as info:
        brief.load(case.path)
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith(f"{case.path}:{info.value.line}: {info.value.message}")


@pytest.mark.parametrize("case", CASES, ids=[c.fixture for c in CASES])
def test_cli_prints_one_line_a_problem_and_exits_2(case: Case, tmp_path: Path, capsys) -> None:
    """`brief build` on bad input prints one line on stderr for each problem
    found, the first ``brief: <file>:<line>: ...``, no traceback, and
    returns 2; no PDF is written."""
    with pytest.raises(BriefError) as info:
        brief.load(case.path)
    status = main(["build", str(case.path), "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == len(info.value.problems), err
    assert "Traceback" not in err
    assert any(lines[0].startswith(f"brief: {case.path}:{line}: ") for line in case.lines()), lines[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_file(tmp_path: Path, capsys) -> None:
    """A path that does not exist is bad input too: one line, status 2."""
    missing = tmp_path / "nergens.md"
    status = main(["build", str(missing), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith(f"brief: {missing}")
