"""The problems the checks find: `Problem`, the codes a check can report
with their severities, and `report`, the problems as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Problem", "problem", "report", "plural", "CODES", "ERROR", "WARNING"]

ERROR = "error"
WARNING = "warning"

#: Every code a check can report, with its severity.
CODES: dict[str, str] = {
    "font-not-embedded": ERROR,
    "overlap": ERROR,
    "outside-safe-area": ERROR,
    "note-without-text": ERROR,
    "note-not-called": ERROR,
    "blank-page": ERROR,
    "damaged-stream": ERROR,
    "missing-glyph": ERROR,
    "catalog": ERROR,
    "heading-at-end": WARNING,
    "widow-orphan": WARNING,
    "low-resolution": WARNING,
    "missing-alt": WARNING,
    "figure-language": WARNING,
    "page-count": WARNING,
    "untranslated": WARNING,
    "no-body": WARNING,
    "near-empty-page": WARNING,
}


# -- problems -------------------------------------------------------------------------------

@dataclass(slots=True)
class Problem:
    """One thing to fix (an error) or to look at (a warning), located in the
    PDF (`page`) or in the source (`file`, `line`)."""

    severity: str
    code: str
    message: str
    page: int | None = None
    file: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        """``file:line``, ``file, page 3``, ``page 3``, or empty."""
        if self.file is not None:
            if self.line is not None:
                return f"{self.file}:{self.line}"
            return f"{self.file}, page {self.page}" if self.page is not None else self.file
        return f"page {self.page}" if self.page is not None else ""

    def __str__(self) -> str:
        where = self.location
        text = f"{self.severity}: {self.message}  [{self.code}]"
        return f"{where}: {text}" if where else text

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "page": self.page, "file": self.file, "line": self.line}


def problem(code: str, message: str, page: int | None = None, **where: Any) -> Problem:
    return Problem(CODES[code], code, message, page, **where)


def report(problems: Sequence[Problem], *, as_json: bool = False) -> str:
    """The problems as text (one line each, then a count) or as JSON
    (``{"errors": n, "warnings": n, "problems": [...]}``) for CI tools."""
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    if as_json:
        return json.dumps({"errors": errors, "warnings": warnings,
                           "problems": [p.as_dict() for p in problems]},
                          ensure_ascii=False, indent=2)
    if not problems:
        return "no problems"
    lines = [str(p) for p in problems]
    lines.append(f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
    return "\n".join(lines)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
