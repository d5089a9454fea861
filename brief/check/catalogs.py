"""The check of a brief's catalogs without building it, for CI: every PO
file read as strictly as msgfmt reads it, every translation checked against
its source text, and how much of each edition would print in the source
language. ``brief check FILE.md`` runs it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefError
from ..i18n import po_path, translate
from .problems import Problem, problem

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Brief

__all__ = ["check_catalogs"]


def check_catalogs(brief: Brief, locales: str | Path | None = None) -> list[Problem]:
    """Every problem of every translation's catalog, each with its PO file
    and line: errors for what stops a build, a warning per edition that
    prints messages in the source language."""
    problems: list[Problem] = []
    for lang in brief.translations:
        try:
            edition = translate(brief, lang, locales=locales)
        except BriefError as e:
            problems += [problem("catalog", p.text, file=p.file, line=p.line) for p in e.problems]
            continue
        if edition.counts.fell_back:
            c = edition.counts
            problems.append(problem(
                "untranslated",
                f"the '{lang}' edition prints {c.fell_back} of its {c.total} messages in the source "
                f"language ({c.fuzzy} fuzzy, {c.untranslated} untranslated): translate them, or "
                "build it as it is", file=str(po_path(brief, lang, locales))))
    return problems
