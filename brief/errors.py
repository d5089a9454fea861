"""One error type for everything a user can get wrong.

A `BriefError` names where the problem is (``file:line``), what is wrong, and
what to do about it, in one line: that line is all the command line prints.
Like Jinja2's ``TemplateSyntaxError`` and Babel's ``PoFileError`` it keeps the
location as data, so that tests and tools can read it without parsing text.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BriefError"]


class BriefError(Exception):
    """A problem in a brief, a catalog or a build, located in its source."""

    def __init__(
        self,
        message: str,
        file: str | Path | None = None,
        line: int | None = None,
        *,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    @property
    def location(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text = f"{text}; {self.hint}"
        return f"{self.location}: {text}" if self.location else text
