"""The every-block fixture: one brief holding each block of docs/format.md
(tests/fixtures/every-block/), in both note styles, built by the API.

The fixture's front matter says ``notes: endnotes``; `source(folder,
"footnotes")` writes a copy that says ``notes: footnotes``, pictures beside
it, so that both styles come from one text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import brief

__all__ = ["FIXTURE", "NOTE_STYLES", "source", "build"]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-block" / "every-block.md"
NOTE_STYLES = ("endnotes", "footnotes")


def source(folder: Path, notes: str) -> Path:
    """The fixture's Markdown with `notes: <notes>`, in `folder`."""
    text = FIXTURE.read_text(encoding="utf-8")
    if not re.search(r"(?m)^notes: endnotes$", text):
        raise AssertionError("the every-block fixture must say 'notes: endnotes' in its front matter")
    if notes == "endnotes":
        return FIXTURE
    target = folder / notes
    shutil.copytree(FIXTURE.parent, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    copy = target / FIXTURE.name
    copy.write_text(re.sub(r"(?m)^notes: endnotes$", f"notes: {notes}", text), encoding="utf-8")
    return copy


def build(folder: Path, variants: tuple[str, ...], notes_styles: tuple[str, ...] = NOTE_STYLES,
          ) -> dict[tuple[str, str], Path]:
    """{(notes style, variant): PDF} of the fixture, built into `folder`."""
    out = {}
    for notes in notes_styles:
        loaded = brief.load(source(folder, notes))
        assert loaded.notes_mode == notes
        for variant in variants:
            out[(notes, variant)] = loaded.write_pdf(folder / f"every-block-{notes}-{variant}.pdf",
                                                     variant=variant)
    return out
