"""The build-time checks, on the edition before it is laid out:
`check_glyphs` (a character that neither font of the design has),
`check_figures` (a figure without alt text) and `check_body` (a brief
without a word of text)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..files import cached, keep
from ..inputs import is_localized
from ..markup import images
from ..render import Inline
from ..resources import fonts_dir as design_fonts
from .problems import Problem, problem

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Brief

__all__ = ["check_glyphs", "check_figures", "check_body"]


# -- build-time checks --------------------------------------------------------------------------

#: The format of the coverage kept in brief's cache; another is a miss.
_COVERAGE_FORMAT = 1


@lru_cache(maxsize=8)
def _font_coverage(fonts_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> tuple[frozenset[int], tuple[str, ...]]:
    """The code points of all the fonts of a folder, and their family names.
    (`stamp` — names, sizes and mtimes — makes a changed folder a new entry.)

    Reading the character maps of a dozen fonts takes a fifth of a second,
    as long as the rest of the checks of an edition, so what they hold is
    kept in brief's cache under the hash of the fonts' content."""
    digest = hashlib.sha256(f"{_COVERAGE_FORMAT}".encode())
    for name, _, _ in stamp:
        digest.update(name.encode() + b"\0" + (Path(fonts_dir) / name).read_bytes())
    key = f"{digest.hexdigest()[:24]}.json"
    if (kept := cached("coverage", key)) is not None:
        try:
            data = json.loads(kept)
            points = frozenset(p for start, end in data["ranges"] for p in range(start, end + 1))
            return points, tuple(data["families"])
        except (ValueError, KeyError, TypeError):
            pass                        # damaged: read the fonts again
    from fontTools.ttLib import TTFont
    found: set[int] = set()
    families: dict[str, None] = {}
    for name, _, _ in stamp:
        with TTFont(Path(fonts_dir) / name, lazy=True, fontNumber=0) as font:
            found.update(font.getBestCmap() or {})
            family = font["name"].getBestFamilyName() if "name" in font else None
            if family:
                families[str(family)] = None
    keep("coverage", key, json.dumps({"ranges": _ranges(sorted(found)), "families": list(families)}).encode())
    return frozenset(found), tuple(families)


def _ranges(points: list[int]) -> list[list[int]]:
    """Sorted code points as runs ``[first, last]``."""
    runs: list[list[int]] = []
    for p in points:
        if runs and runs[-1][1] == p - 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return runs


_FONT_TYPES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
_SKIPPED_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}
#: Roles of the units that brief.css prints in capitals (text-transform: uppercase):
#: the series line, the title (in the running head) and pull quotes.
_CAPITALS = {"series line", "title", "pull quote"}


def check_glyphs(brief: Brief, styles: Path | None = None) -> list[Problem]:
    """Every character of the edition's text against the design's fonts.

    The text is taken as it will be printed: each unit rendered with the
    edition's typography (curly quotes, French spaces), markup removed.
    The stylesheet names no generic fallback, so a character missing from
    every font in styles/fonts would be set in whatever font the system
    finds, or as a box."""
    fonts_dir = design_fonts(styles)
    files = sorted(p for p in fonts_dir.iterdir() if p.suffix.lower() in _FONT_TYPES) \
        if fonts_dir.is_dir() else []
    stamp = tuple((p.name, (s := p.stat()).st_size, s.st_mtime_ns) for p in files)
    points, families = _font_coverage(str(fonts_dir), stamp)
    names = ", ".join(families) or "none"
    # Every call as a link with its mark: the notes' own text is a unit of its own.
    inline = Inline(lang=brief.lang, marks=brief.marks(), notes=brief.notes, footnotes=set(),
                    references=brief.references)
    problems: list[Problem] = []
    seen: set[tuple[str, str | None, int | None]] = set()
    default_file = str(brief.path) if brief.path else None

    def texts() -> Iterator[tuple[str, str, Any]]:
        for unit in brief.units():
            if unit.kind == "figure alt text":
                continue                # not printed: it goes to screen readers, in any font
            rendered = inline.plain(unit.text)
            if unit.kind in _CAPITALS:
                rendered += rendered.upper()
            yield rendered, unit.role, unit.loc
        for key in ("authors", "publisher", "responsible_editor", "legal_deposit", "contact", "website", "isbn"):
            value = getattr(brief, key)
            if value:
                text = " ".join(value) if isinstance(value, list) else str(value)
                yield text, key.replace("_", " "), brief.meta_loc.get(key)

    for text, role, loc in texts():
        for char in dict.fromkeys(text):
            if ord(char) in points or unicodedata.category(char) in _SKIPPED_CATEGORIES \
                    or char.isspace() or 0xFE00 <= ord(char) <= 0xFE0F:
                continue
            file = loc.file if loc else default_file
            line = loc.line if loc else None
            if (char, file, line) in seen:
                continue
            seen.add((char, file, line))
            name = unicodedata.name(char, "unnamed character")
            problems.append(problem(
                "missing-glyph",
                f"U+{ord(char):04X} {name} “{char}” ({role}, {brief.lang} edition) is in none of the "
                f"fonts ({names}): replace it, or add a font that has it to {fonts_dir}",
                file=file, line=line))
    return problems


def check_figures(brief: Brief) -> list[Problem]:
    """Figures, and images inside text, without alt text: the PDF's readers
    who cannot see the image (screen readers, text extraction) get nothing.
    And, in a translated
    edition, an SVG figure that holds words but has no version for the
    edition (``chart.fr.svg``): its labels would print in the source
    language."""
    problems = []
    translated = brief.source_lang is not None and brief.lang != brief.source_lang
    for fig in brief.figures():
        file = fig.loc.file if fig.loc else (str(brief.path) if brief.path else None)
        line = fig.loc.line if fig.loc else None
        if not (fig.alt and fig.alt.strip()):
            problems.append(problem(
                "missing-alt",
                f"the figure {fig.src} has no alt text: describe what it shows, as its caption or "
                "as the image's title (![caption](file \"what it shows\"))", file=file, line=line))
        if translated and not is_localized(fig.src, brief.lang) and _holds_words(brief, fig.src):
            stem = PurePosixPath(fig.src)
            problems.append(problem(
                "figure-language",
                f"the figure {fig.src} holds words in the source language and has no {brief.lang} version: "
                f"add {stem.with_name(f'{stem.stem}.{brief.lang}{stem.suffix}')} beside it, with its "
                "labels translated", file=file, line=line))
    default_file = str(brief.path) if brief.path else None
    for unit in brief.units():
        if unit.kind in ("figure caption", "figure alt text"):
            continue
        for image in images(unit.text):
            if image.alt:
                continue
            problems.append(problem(
                "missing-alt",
                f"the image {image.src} in the {unit.role} has no alt text: write what it shows "
                "between the brackets, ![what it shows](file)",
                file=unit.loc.file if unit.loc else default_file, line=unit.loc.line if unit.loc else None))
    return problems


_SVG_WORDS = re.compile(rb"<(?:\w+:)?(?:text|tspan|textPath)\b[^>]*>\s*[^<\s]")


def _holds_words(brief: Brief, src: str) -> bool:
    """Whether an SVG figure sets text (raster images cannot be told)."""
    if not src.lower().endswith(".svg"):
        return False
    try:
        return bool(_SVG_WORDS.search((brief.base_dir / src).read_bytes()))
    except OSError:
        return False


def check_body(brief: Brief) -> list[Problem]:
    """A brief with no text at all (its front matter, perhaps headings)
    builds a cover and an empty page: most likely the body was forgotten,
    or written before the front matter's closing '---'."""
    if any(True for _ in brief.every_block()):
        return []
    end = max((loc.line for loc in brief.meta_loc.values()), default=1)
    return [problem(
        "no-body",
        "the brief has no text, only its front matter"
        + (" and headings" if brief.chapters and any(ch.title for ch in brief.chapters) else "")
        + ": write the text after the front matter's closing '---'",
        file=str(brief.path) if brief.path else None, line=end if brief.path else None)]
