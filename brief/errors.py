"""The errors of brief: everything a user can get wrong, located in its source.

A `BriefError` names where the problem is (``file:line``), what is wrong, and
what to do about it, in one line: that line is all the command line prints.
Like Jinja2's ``TemplateSyntaxError`` and Babel's ``PoFileError`` it keeps the
location as data, so that tests and tools can read it without parsing text.

The subclasses say whose the problem is, so that a caller can catch one kind:

* `SourceError`: the brief itself (its Markdown, its front matter, its
  figures, or a brief built in Python);
* `CatalogError`: a translation catalog (a PO file);
* `SetupError`: the installation or the build's settings (styles, an ICC
  profile, an unknown option, an output folder that cannot be written).

`BriefError.at` builds one from anything that has a ``file`` and a ``line``
(a `brief.model.Location`, say), so that no caller unpacks a location by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, Self

__all__ = ["BriefError", "SourceError", "CatalogError", "SetupError", "Located"]


class Located(Protocol):
    """Anything that says where it comes from."""

    @property
    def file(self) -> str: ...

    @property
    def line(self) -> int: ...


class BriefError(Exception):
    """A problem in a brief, a catalog or a build, located in its source.

    `problems` holds further errors found in the same run (a catalog with
    five broken translations is one error with five problems), so that a
    user fixes them all at once; the first is the error itself."""

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        line: int | None = None,
        *,
        hint: str | None = None,
        problems: Sequence[BriefError] = (),
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint
        self.problems: list[BriefError] = list(problems) or [self]
        super().__init__(str(self))

    @classmethod
    def at(cls, where: Located | None, message: str, *, hint: str | None = None,
           file: str | Path | None = None) -> Self:
        """An error at `where` (a location), or in `file` when there is none."""
        if where is None:
            return cls(message, file, None, hint=hint)
        return cls(message, where.file, where.line, hint=hint)

    @classmethod
    def gather(cls, problems: Sequence[BriefError]) -> BriefError:
        """One error that stands for several: the first, carrying them all."""
        first = problems[0]
        return type(first)(first.message, first.file, first.line, hint=first.hint, problems=problems)

    @property
    def location(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def text(self) -> str:
        """What is wrong, and what to do: the line without its location."""
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def one_line(self) -> str:
        return f"{self.location}: {self.text}" if self.location else self.text

    def __str__(self) -> str:
        return "\n".join(p.one_line() for p in self.problems) if len(self.problems) > 1 else self.one_line()


class SourceError(BriefError):
    """A problem in the brief: its Markdown, front matter, figures or model."""


class CatalogError(BriefError):
    """A problem in a translation catalog (a PO file)."""


class SetupError(BriefError):
    """A problem with the installation or the settings of a build."""
