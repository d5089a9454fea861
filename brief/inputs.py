"""What a brief may refer to and hold, checked before anything is laid out:
its images and links to local files (inside its folder, and images that can
be printed: `brief.images`), and its texts (real text, of a size and depth
that the layout can take).

The loader runs these on what it read, `brief.build.validate` on a brief
built in Python, and `brief.i18n.editions` on each translation, so that
every problem is reported at a line of the brief or of a PO file, and none
reaches WeasyPrint, which would only log it and drop the image.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from .errors import SourceError
from .images import image_problem
from .markup import images, links, nesting
from .model import Brief, Location, Unit

__all__ = [
    "IMAGE_TYPES", "FORBIDDEN", "MAX_UNIT_CHARS", "MAX_NESTING", "check_image", "check_link", "names_a_file",
    "text_problems", "text_limits", "file_problems", "image_tags", "is_localized", "localized_image",
    "edition_files",
]

IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")

#: Characters that no text can hold: lone surrogates (from broken input or a
#: YAML escape), and control characters other than tab and line ends.
FORBIDDEN = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


#: A reference with a scheme (``https:``, ``mailto:``, ``data:``): not a file beside the brief.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def names_a_file(ref: str) -> bool:
    """Whether an image's or a link's target is a file beside the brief
    (``chart.svg``, ``annex.pdf#p2``): not an address with a scheme, not
    ``//host/...``, not a ``#place`` in the page."""
    return bool(ref) and not ref.startswith(("#", "//")) and not _SCHEME.match(ref)


def _failure(brief: Brief, loc: Location | None) -> Callable[[str, str], SourceError]:
    """How a check of `brief` at `loc` says what is wrong, and what to do."""
    def fail(message: str, hint: str) -> SourceError:
        return SourceError.at(loc, message, hint=hint, file=brief.path or "<brief>")
    return fail


def check_image(brief: Brief, src: str, loc: Location | None) -> Path:
    """Resolve an image path, refusing anything outside the brief's folder,
    and anything there that is not an image brief can print."""
    fail = _failure(brief, loc)
    shown = src if len(src) <= 80 else src[:77] + "..."
    if _SCHEME.match(src) or src.startswith("//"):
        raise fail(f"image '{shown}' is not a file next to the brief",
                   "download it into the brief's folder and write its file name")
    target = _inside(brief, src, f"image '{shown}'", fail)
    if target.suffix.lower() not in IMAGE_TYPES:
        raise fail(f"image '{shown}' is not SVG, PNG or JPEG", "convert it to one of those")
    try:
        exists = target.is_file()
    except OSError as e:
        raise fail(f"image '{shown}' cannot be read ({e.strerror or e})", "give it a shorter name") from None
    if not exists and target.is_dir():
        raise fail(f"image '{shown}' is a folder, not an image", "write the name of the image file")
    if not exists:
        raise fail(f"image '{shown}' does not exist", f"put the file in {brief.base_dir.resolve()} "
                   "or correct its name")
    wrong = image_problem(target, brief.base_dir.resolve())
    if wrong:
        raise fail(f"image '{shown}' {wrong}", "replace the file with a PNG, JPEG or SVG that opens "
                   "in an image viewer")
    return target


def _inside(brief: Brief, src: str, what: str, fail: Callable[[str, str], SourceError]) -> Path:
    """The file `src` names, resolved, if it is inside the brief's folder."""
    base = brief.base_dir.resolve()
    try:
        target = (base / src).resolve()
    except RuntimeError:
        raise fail(f"{what} is a link that points to itself (a symlink loop)",
                   "replace the link with the file") from None
    except OSError as e:
        raise fail(f"{what} cannot be read ({e.strerror or e})", "give it a shorter name") from None
    if src.startswith("/") or not target.is_relative_to(base):
        raise fail(f"{what} is outside the brief's folder",
                   "copy it into the brief's folder and write its file name")
    return target


def check_link(brief: Brief, href: str, loc: Location | None) -> None:
    """A link to a local file must stay in the brief's folder: WeasyPrint
    writes the file's absolute path into the PDF. Web addresses, e-mail
    addresses and ``#anchors`` pass."""
    if not names_a_file(href):
        return
    shown = href if len(href) <= 80 else href[:77] + "..."
    _inside(brief, href.split("#")[0].split("?")[0], f"link '{shown}'", _failure(brief, loc))


def text_problems(brief: Brief) -> list[SourceError]:
    """Texts of a brief built in Python that are not text, or that hold a
    character no page can show (the loader refuses those as it reads)."""
    problems: list[SourceError] = []
    fallback = brief.path or "<brief>"
    # Not `brief.units()`: its notes' roles need their marks, which need texts.
    notes = [Unit(n.text, "note", f"note [^{n.label}]", n.loc, n) for n in brief.notes.values()]
    for unit in [*brief.body_units(), *notes]:
        if not isinstance(unit.text, str):
            problems.append(SourceError.at(unit.loc, f"the {unit.role} is not text but "
                                           f"{type(unit.text).__name__} {unit.text!r}", file=fallback))
            continue
        m = FORBIDDEN.search(unit.text)
        if m:
            problems.append(SourceError.at(
                unit.loc, f"the {unit.role} holds the character U+{ord(m.group()):04X}, which no page can show",
                hint="remove it", file=fallback))
        wrong = text_limits(unit.text)
        if wrong:
            problems.append(SourceError.at(unit.loc, f"the {unit.role} {wrong[0]}", hint=wrong[1], file=fallback))
    return problems


#: The longest text of one unit (a paragraph, a cell, a note): some 3,000
#: words, ten times a long paragraph. The layout of a single paragraph takes
#: time and memory that grow faster than its length.
MAX_UNIT_CHARS = 20_000
#: The deepest nesting of inline markup (bold in italic in a link ...).
MAX_NESTING = 12


def text_limits(text: str) -> tuple[str, str] | None:
    """What makes one text too large to lay out, with what to do; or None."""
    if len(text) > MAX_UNIT_CHARS:
        return (f"is {len(text):,} characters long, more than brief lays out in one piece "
                f"({MAX_UNIT_CHARS:,})", "split it into paragraphs")
    if ("*" in text or "_" in text or "[" in text) and nesting(text) > MAX_NESTING:
        return (f"nests its markup (bold, italic, links) more than {MAX_NESTING} deep",
                "remove the extra '*' or '_'")
    return None


def file_problems(brief: Brief) -> list[SourceError]:
    """Every image and every link to a local file in the brief, wherever it
    stands (a paragraph, a heading, a box title, a table cell, the front
    matter), checked: each problem at the line of its unit."""
    problems: list[SourceError] = []

    def attempt(check: Callable[..., object], *args: Any) -> None:
        try:
            check(*args)
        except SourceError as e:
            problems.append(e)

    if brief.logo:
        attempt(check_image, brief, brief.logo, brief.meta_loc.get("logo"))
    for fig in brief.figures():
        attempt(check_image, brief, fig.src, fig.loc)
    for unit in brief.units():
        if unit.kind == "figure alt text":
            continue
        for image in images(unit.text):
            attempt(check_image, brief, image.src, unit.loc)
        for href in links(unit.text):
            attempt(check_link, brief, href, unit.loc)
    for ref in brief.references.values():  # [text][label] with a line "[label]: target"
        if not isinstance(ref, dict):
            continue
        where = ref.get("map")
        loc = Location(str(brief.path), where[0] + 1) if brief.path and where else None
        attempt(check_link, brief, unquote(str(ref.get("href", ""))), loc)
    return problems


# -- images in each language ----------------------------------------------------------

def image_tags(lang: str) -> list[str]:
    """The language tags an image's name may carry for `lang`: the tag
    itself, then its language alone (``fr-BE``, ``fr``)."""
    return list(dict.fromkeys([lang, lang.replace("_", "-").split("-")[0]]))


def is_localized(src: str, lang: str) -> bool:
    """Whether image `src` is the `lang` version of another (``chart.fr.svg``)."""
    stem = PurePosixPath(src).stem
    return "." in stem and stem.rsplit(".", 1)[1] in image_tags(lang)


def localized_image(brief: Brief, src: str, lang: str) -> str:
    """The version of image `src` for the `lang` edition, when there is one
    beside it: ``chart.fr-BE.svg`` or ``chart.fr.svg`` for ``chart.svg``;
    else `src` itself."""
    path = PurePosixPath(src)
    for tag in image_tags(lang):
        candidate = str(path.with_name(f"{path.stem}.{tag}{path.suffix}"))
        if (brief.base_dir / candidate).is_file():
            return candidate
    return src


def edition_files(brief: Brief, lang: str) -> list[Path]:
    """Every image file the `lang` edition prints: its figures (the version
    for the edition where there is one), the images inside its texts, the
    logo. A build's cache key holds them all (`brief.cache`)."""
    found: dict[Path, None] = {}
    for fig in brief.figures():
        found[check_image(brief, localized_image(brief, fig.src, lang), fig.loc)] = None
    for unit in brief.units():
        for image in images(unit.text):
            found[check_image(brief, image.src, unit.loc)] = None
    if brief.logo:
        found[check_image(brief, brief.logo, brief.meta_loc.get("logo"))] = None
    return list(found)
