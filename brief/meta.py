"""The front matter's values, checked: what each field of a brief may hold.

The loader (`brief.source`) turns YAML into Python values; a brief built in
Python sets them directly. Either way `field_problems` holds the values to
the same rules before anything is laid out: the type of every field (a date
given as a string would otherwise end deep in Babel), language tags that
brief can print in, a licence it knows, an ISBN whose check digit is right,
a website that is a web address. Each problem names the front-matter line
where there is one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError

from .errors import SourceError

if TYPE_CHECKING:  # pragma: no cover
    from .model import Brief

__all__ = ["Licence", "LICENCES", "licence_code", "isbn_problem", "lang_problem", "field_problems"]


@dataclass(frozen=True, slots=True)
class Licence:
    """A licence a brief can be published under."""

    code: str            # SPDX identifier, or "all-rights-reserved"
    short: str           # as printed: "CC BY 4.0"
    url: str | None      # the licence's deed


def _cc(code: str, path: str) -> Licence:
    return Licence(f"CC-{code.replace(' ', '-')}-4.0", f"CC {code} 4.0",
                   f"https://creativecommons.org/licenses/{path}/4.0/")


#: The licences of the format, by SPDX identifier.
LICENCES: dict[str, Licence] = {lic.code: lic for lic in (
    _cc("BY", "by"), _cc("BY-SA", "by-sa"), _cc("BY-NC", "by-nc"), _cc("BY-NC-SA", "by-nc-sa"),
    _cc("BY-ND", "by-nd"), _cc("BY-NC-ND", "by-nc-nd"),
    Licence("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    Licence("all-rights-reserved", "© all rights reserved", None),
)}


def licence_code(value: str) -> str | None:
    """The SPDX code of a licence as people write it ("CC BY-NC", "cc-by-nc-4.0",
    "CC BY 4.0", "all rights reserved"), or None for one brief does not know."""
    key = re.sub(r"[\s_]+", "-", value.strip()).upper()
    if key in ("ALL-RIGHTS-RESERVED", "COPYRIGHT"):
        return "all-rights-reserved"
    if key in ("CC0", "CC-0", "CC0-1.0", "CC-ZERO"):
        return "CC0-1.0"
    m = re.fullmatch(r"CC-(BY(?:-NC)?(?:-SA|-ND)?)(?:-4(?:\.0)?)?", key)
    if m and f"CC-{m.group(1)}-4.0" in LICENCES:
        return f"CC-{m.group(1)}-4.0"
    return None


def isbn_problem(value: str) -> str | None:
    """What is wrong with an ISBN (10 or 13 digits, hyphens and spaces
    allowed, the check digit right), or None."""
    digits = re.sub(r"[\s-]", "", value.upper().removeprefix("ISBN").strip(": "))
    if re.fullmatch(r"\d{12}[\dX]|\d{9}[\dX]", digits) is None:
        return "an ISBN has 13 digits (or 10, the last of which may be X)"
    if len(digits) == 13:
        if digits[-1] == "X":
            return "the check digit of an ISBN-13 is a digit"
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    else:
        if "X" in digits[:-1]:
            return "only the last character of an ISBN-10 may be X"
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
    modulus = 10 if len(digits) == 13 else 11
    return None if total % modulus == 0 else "its check digit is wrong (a digit mistyped?)"


def lang_problem(tag: str) -> tuple[str, str] | None:
    """Why `tag` is not a language tag brief can print in, with what to do;
    None when it is one. brief's languages are CLDR's locales, named as BCP
    47 names them: ``nl``, ``fr-BE``, ``sr-Latn``; not ``eng`` or ``nld``,
    which Babel maps to a locale of another name."""
    if not isinstance(tag, str) or not re.fullmatch(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*", tag):
        return f"'{tag}' is not a language tag", "use a BCP 47 tag such as nl, fr or en"
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return f"'{tag}' is not a language tag", "use a BCP 47 tag such as nl, fr or en"
    name = str(locale)
    if name.lower() != tag.replace("-", "_").lower():
        return (f"'{tag}' is not a language tag brief knows",
                f"write '{locale.language}' (or '{name.replace('_', '-')}')")
    return None


#: The type each field of `brief.model.Brief` must have (None allowed where it is optional).
_TYPES: dict[str, tuple[type, bool]] = {
    "title": (str, False), "lang": (str, False), "subtitle": (str, True), "date": (datetime.date, True),
    "publisher": (str, True), "responsible_editor": (str, True), "legal_deposit": (str, True),
    "series": (str, True), "notes_mode": (str, False), "press": (bool, False),
    "logo": (str, True), "licence": (str, True), "contact": (str, True), "website": (str, True),
    "isbn": (str, True),
}
_LISTS = ("translations", "authors", "keywords")
#: The front-matter key of a field, where they differ.
_KEYS = {"notes_mode": "notes"}


def field_problems(brief: Brief) -> list[SourceError]:
    """Everything wrong with the values of a brief's front matter (or of the
    fields of a brief built in Python), each at its line where known."""
    problems: list[SourceError] = []
    fallback = str(brief.path) if brief.path else None

    def fail(field: str, message: str, hint: str | None = None) -> None:
        key = _KEYS.get(field, field)
        problems.append(SourceError.at(brief.meta_loc.get(key), message, hint=hint, file=fallback))

    for field, (kind, optional) in _TYPES.items():
        value: Any = getattr(brief, field)
        if value is None and optional:
            continue
        wrong = not isinstance(value, kind) or (kind is datetime.date and isinstance(value, datetime.datetime))
        if kind is not bool and isinstance(value, bool):
            wrong = True
        if wrong:
            want = {datetime.date: "a date (datetime.date)", bool: "True or False", str: "text"}[kind]
            fail(field, f"'{_KEYS.get(field, field)}' must be {want}, not {type(value).__name__} {value!r}",
                 "write a date as datetime.date(2026, 3, 2) in Python, 2026-03-02 in the front matter"
                 if kind is datetime.date else None)
    for field in _LISTS:
        value = getattr(brief, field)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(field, f"'{field}' must be a list of texts, not {type(value).__name__} {value!r}",
                 "write it as [a, b]")
    if problems:
        return problems
    if not brief.title.strip():
        fail("title", "the title is empty", "give the brief a title")
    for field, tag in [("lang", brief.lang)] + [("translations", t) for t in brief.translations]:
        wrong_tag = lang_problem(tag)
        if wrong_tag:
            fail(field, f"{field}: {wrong_tag[0]}", wrong_tag[1])
    if brief.notes_mode not in ("endnotes", "footnotes"):
        fail("notes_mode", f"'notes: {brief.notes_mode}' is not a notes style", "use 'endnotes' or 'footnotes'")
    if brief.licence is not None and brief.licence not in LICENCES:
        known = licence_code(brief.licence)
        fail("licence", f"'{brief.licence}' is not a licence brief knows",
             f"write '{known}'" if known else
             "use CC BY, CC BY-SA, CC BY-NC, CC BY-NC-SA, CC BY-ND, CC BY-NC-ND, CC0 or all rights reserved")
    if brief.isbn is not None:
        wrong_isbn = isbn_problem(brief.isbn)
        if wrong_isbn:
            fail("isbn", f"'{brief.isbn}' is not a valid ISBN: {wrong_isbn}",
                 "copy the ISBN from your ISBN agency's record")
    if brief.website is not None and not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", brief.website):
        fail("website", f"'{brief.website}' is not a web address", "write it as https://example.org")
    return problems
