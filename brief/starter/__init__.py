"""``brief new NAME``: a starter brief that holds every block of the format.

The starter (``starter.md`` here) shows each block of docs/format.md once,
and its text says what the block is and how it is written: comments in the
format would be printed, since a brief holds no raw HTML, so the front
matter's settings carry YAML comments and the blocks explain themselves. A
small SVG chart goes beside it, for its figure. It builds as it is, with no
problem found by the checks, so that an author starts from a brief that
works and changes it a block at a time.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ..errors import SetupError
from ..files import write_atomic

__all__ = ["write_starter", "STARTER", "FIGURE"]

HERE = Path(__file__).resolve().parent
#: The starter's Markdown: ``{{date}}`` and ``{{figure}}`` are filled in.
STARTER = HERE / "starter.md"
#: The starter's figure.
FIGURE = HERE / "figure.svg"


def write_starter(name: str | Path, *, date: datetime.date | None = None) -> list[Path]:
    """Write ``NAME.md`` and its figure ``NAME-figure.svg`` (`name` may be a
    path, with or without ``.md``) and return their paths. Nothing is
    written if either file exists already."""
    name = Path(name)
    brief = name if name.suffix == ".md" else name.with_name(name.name + ".md")
    if not brief.stem or brief.stem.startswith("."):
        raise SetupError(f"'{name}' is not a name for a brief", hint="give a name such as my-brief")
    figure = brief.with_name(f"{brief.stem}-figure.svg")
    existing = [p for p in (brief, figure) if p.exists()]
    if existing:
        raise SetupError("the file exists already", existing[0],
                         hint="choose another name: brief new never overwrites a file")
    text = STARTER.read_text(encoding="utf-8")
    text = text.replace("{{date}}", (date or datetime.date.today()).isoformat())
    text = text.replace("{{figure}}", figure.name)
    try:
        write_atomic(figure, FIGURE.read_bytes())
        write_atomic(brief, text.encode("utf-8"))
    except OSError as e:
        raise SetupError(f"cannot write {brief}: {e.strerror or e}", brief,
                         hint="choose a folder you can write to") from None
    return [brief, figure]
