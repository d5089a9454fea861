"""One PO entry in GNU's form: the text msgcat and msgmerge write for it.

This is GNU gettext's ``write-po.c``: comment lines in their order
(translator, extracted, references, flags, previous msgid), strings escaped
(``\\n``, ``\\t``, ``\\"``, ``\\\\``...), split after each ``\\n``, and
wrapped at `width` columns where libunistring's line breaking allows
(`linebreak`); a string that takes several lines starts with ``msgid ""``.
Obsolete entries get ``#~ `` before their keywords and ``#~| `` before their
previous msgid; one without a translation is not written at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .linebreak import POSSIBLE, PROHIBITED, UNDEFINED, is_cjk_encoding, width_linebreaks

if TYPE_CHECKING:
    from .po import Entry

__all__ = ["format_entry", "format_head", "format_body", "wrapping", "range_flag", "FORMAT_LANGUAGES"]

# GNU's format languages, in its order (the order of their flags).
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
    "gfc-internal", "ycp",
)
_ESCAPED = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}

# Format directives, so that no line breaks inside one (in the languages whose
# directives may hold a break opportunity: a space flag, a name with a space).
# Like GNU's parsers, a scan stops at the first directive that is not valid.
_C_DIRECTIVE = re.compile(r"%(?:[0-9]+\$)?[-+ #0'I]*(?:[0-9]+|\*(?:[0-9]+\$)?)?(?:\.(?:[0-9]+|\*(?:[0-9]+\$)?)?)?"
                          r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnmCS%]")
_FIELD = r"(?:[_A-Za-z][_A-Za-z0-9]*|[0-9]+)(?:\.[_A-Za-z][_A-Za-z0-9]*|\[(?:[_A-Za-z][_A-Za-z0-9]*|[0-9]+)\])*"
_BRACE_DIRECTIVE = re.compile(r"\{\{|\{" + _FIELD + r"(?::(?:\{" + _FIELD + r"\}|(?:.?[<>=^])?[-+ ]?#?0?[0-9]*"
                              r"(?:\.[0-9]*)?[bcdoxXneEfFgG%]?))?\}", re.S)


def _scan(value: str, start: str, directive: re.Pattern[str], literal: str | None = None) -> list[tuple[int, int]]:
    """The spans of the directives that begin with `start`, read left to
    right as GNU's scanners do: each from where the last one ended, up to
    the first that is no directive. `literal` (``{{``) is read, not kept."""
    spans = []
    i = value.find(start)
    while i >= 0:
        m = directive.match(value, i)
        if m is None:
            break
        if m.group(0) != literal:
            spans.append(m.span())
        i = value.find(start, m.end())
    return spans


def _c_directives(value: str) -> list[tuple[int, int]]:
    return _scan(value, "%", _C_DIRECTIVE)


def _brace_directives(value: str) -> list[tuple[int, int]]:
    return _scan(value, "{", _BRACE_DIRECTIVE, "{{")


def _python_directives(value: str) -> list[tuple[int, int]]:
    """The directives GNU's format-python.c finds (no %a, no %F; named and
    unnamed arguments not mixed)."""
    spans: list[tuple[int, int]] = []
    named = unnamed = 0
    n = len(value)
    i = value.find("%")
    while i >= 0:
        j = i + 1
        name = None
        if j < n and value[j] == "(":
            depth, k = 0, j + 1
            while k < n and not (value[k] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(value[k], 0)
                k += 1
            if k >= n:
                break
            name, j = value[j + 1:k], k + 1
        while j < n and value[j] in "-+ #0":
            j += 1
        for part in ("width", "precision"):
            if part == "precision":
                if j >= n or value[j] != ".":
                    break
                j += 1
            if j < n and value[j] == "*":
                j += 1
                if named:
                    return spans
                unnamed += 1
            else:
                while j < n and value[j] in "0123456789":
                    j += 1
        if j < n and value[j] in "hlL":
            j += 1
        if j >= n or value[j] not in "%csridouxXeEfgG":
            break
        if name is not None:
            if unnamed:
                break
            named += 1
        elif value[j] != "%":
            if named:
                break
            unnamed += 1
        spans.append((i, j + 1))
        i = value.find("%", j + 1)
    return spans


_DIRECTIVES = {"c": _c_directives, "python": _python_directives, "python-brace": _brace_directives}


def _formats(flags: list[str]) -> dict[str, str]:
    """{language: "yes" | "no" | "possible" | "impossible"}, the last flag winning."""
    out: dict[str, str] = {}
    for flag in flags:
        if not flag.endswith("-format"):
            continue
        lang, state = flag[:-7], "yes"
        for prefix in ("no", "possible", "impossible"):
            if lang.startswith(prefix + "-") and lang[len(prefix) + 1:] in FORMAT_LANGUAGES:
                lang, state = lang[len(prefix) + 1:], prefix
                break
        if lang in FORMAT_LANGUAGES:
            out[lang] = state
    return out


def range_flag(flags: list[str]) -> tuple[int, int] | None:
    """The bounds of an entry's last valid ``range: a..b`` flag (a ≤ b), as GNU reads them."""
    found = None
    for flag in flags:
        m = re.fullmatch(r"range: ([0-9]+)\.\.([0-9]+)", flag)
        if m and int(m.group(1)) <= int(m.group(2)):
            found = (int(m.group(1)), int(m.group(2)))
    return found


def _no_wrap(flags: list[str]) -> bool:
    state = None
    for flag in flags:
        if flag in ("wrap", "no-wrap"):
            state = flag
    return state == "no-wrap"


def _flag_line(entry: Entry, formats: dict[str, str]) -> str:
    out = []
    if entry.fuzzy and (entry.obsolete or entry.has_translation):
        out.append("fuzzy")
    for lang in FORMAT_LANGUAGES:
        state = formats.get(lang)
        if state in ("yes", "possible"):
            out.append(f"{lang}-format")
        elif state == "no":
            out.append(f"no-{lang}-format")
    if not entry.obsolete and (bounds := range_flag(entry.flags)):
        out.append(f"range: {bounds[0]}..{bounds[1]}")
    if _no_wrap(entry.flags):
        out.append("no-wrap")
    return f"#, {', '.join(out)}\n" if out else ""


def _references(entry: Entry, width: int, locations: str) -> str:
    if locations == "never" or not entry.references:
        return ""
    refs: list[tuple[str, int | None]] = []
    for name, line in entry.references:
        if locations == "file":
            if all(name != n for n, _ in refs):
                refs.append((name, None))
        else:
            refs.append((name, line))
    out = ["#:"]
    column = 2
    for name, line in refs:
        while name.startswith("./"):
            name = name[2:]
        text = name if line is None else f"{name}:{line}"
        if column > 2 and column + len(text) + 1 > width:
            out.append("\n#:")
            column = 2
        out.append(" " + text)
        column += len(text) + 1
    return "".join(out) + "\n"


def _comment_lines(prefix: str, text: str) -> str:
    out = []
    rest = text
    while True:
        line, newline, after = rest.partition("\n")
        out.append(prefix + (" " if rest else "") + line + "\n")
        if not newline:
            return "".join(out)
        rest = after


def _directive_starts(value: str, lang: str | None) -> list[int] | None:
    """For each character of `value`: 1 inside a format directive (not at its start)."""
    scan = _DIRECTIVES.get(lang or "")
    if scan is None or not value:
        return None
    inside = [0] * len(value)
    for start, end in scan(value):
        for k in range(start + 1, end):
            inside[k] = 1
    return inside


_ESCAPE_TABLE = str.maketrans({c: "\\" + e for c, e in _ESCAPED.items()})
_ESCAPE_PAIR = re.compile(r"\\.", re.S)


def _escaped(portion: str, inside: list[int] | None, offset: int) -> tuple[str, list[int] | None]:
    """The portion with its escapes, and the breaks it imposes: none between
    a backslash and what it escapes, none inside a format directive."""
    if inside is None:
        text = portion.translate(_ESCAPE_TABLE)
        if len(text) == len(portion):
            return text, None
        overrides = [UNDEFINED] * len(text)
        for m in _ESCAPE_PAIR.finditer(text):
            overrides[m.start() + 1] = PROHIBITED
        return text, overrides
    chars: list[str] = []
    overrides = []
    for i, c in enumerate(portion):
        brk = PROHIBITED if inside[offset + i] else UNDEFINED
        if c in _ESCAPED:
            chars += ("\\", _ESCAPED[c])
            overrides += (brk, PROHIBITED)
        else:
            chars.append(c)
            overrides.append(brk)
    return "".join(chars), overrides


def _wrap(prefix: str, name: str, value: str, *, wrap: bool, width: int, charset: str,
          format_lang: str | None) -> str:
    """One keyword and its string, escaped and wrapped (``wrap`` in write-po.c)."""
    out: list[str] = []
    inside = _directive_starts(value, format_lang)
    cjk = is_cjk_encoding(charset)
    after_break = len(prefix) + 1
    line_width = (width if wrap else 1 << 30) - 1 - after_break
    continuation = f'"\n{prefix}"'
    first_line = True
    start = 0
    while True:
        end = value.find("\n", start)
        end = len(value) if end < 0 else end + 1
        text, overrides = _escaped(value[start:end], inside, start)
        if text.endswith("\\n") and end > start and value[end - 1] == "\n":
            overrides = overrides or [UNDEFINED] * len(text)
            overrides[-2] = PROHIBITED
        while True:
            column = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            breaks = width_linebreaks(text, line_width, column, 0, overrides, cjk)
            cuts = [i for i, b in enumerate(breaks) if b == POSSIBLE]
            if first_line and text and (end < len(value) or column > line_width or cuts):
                out.append(f'{prefix}{name} ""\n')
                first_line = False
                continue
            break
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        out.append(f'{prefix}{name + " " if first_line else ""}"{continuation.join(pieces)}"\n')
        first_line = False
        start = end
        if start >= len(value):
            return "".join(out)


def wrapping(flags: list[str]) -> tuple[str | None, bool]:
    """What of an entry's flags its strings' wrapping depends on: the format
    language whose directives are not broken, and no-wrap."""
    formats = _formats(flags)
    lang = next((lang for lang in FORMAT_LANGUAGES if formats.get(lang) in ("yes", "possible")), None)
    return lang, _no_wrap(flags)


def format_head(entry: Entry, width: int = 79, locations: str = "full") -> str:
    """The comment lines of an entry as GNU writes them: translator comments,
    extracted comments, references, flags."""
    out = [_comment_lines("#", c) for c in entry.comments]
    out += [_comment_lines("#.", c) for c in entry.extracted_comments]
    out.append(_references(entry, width, locations))
    out.append(_flag_line(entry, _formats(entry.flags)))
    return "".join(out)


def format_body(entry: Entry, charset: str, width: int = 79) -> str:
    """The rest of an entry as GNU writes it: its previous msgid (``#|``),
    msgctxt, msgid and msgstr, escaped and wrapped."""
    format_lang, no_wrap = wrapping(entry.flags)
    prev = "#~| " if entry.obsolete else "#| "
    keys = "#~ " if entry.obsolete else ""
    out: list[str] = []

    def string(prefix: str, name: str, value: str) -> None:
        out.append(_wrap(prefix, name, value, wrap=not no_wrap, width=width, charset=charset,
                         format_lang=format_lang))

    if entry.previous_msgctxt is not None:
        string(prev, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        string(prev, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        string(prev, "msgid_plural", entry.previous_msgid_plural)
    if entry.msgctxt is not None:
        string(keys, "msgctxt", entry.msgctxt)
    string(keys, "msgid", entry.msgid)
    if entry.msgid_plural is not None:
        string(keys, "msgid_plural", entry.msgid_plural)
        for i, text in enumerate(entry.msgstr_plural):
            string(keys, f"msgstr[{i}]", text)
    else:
        string(keys, "msgstr", entry.msgstr)
    return "".join(out)


def format_entry(entry: Entry, charset: str, width: int = 79, locations: str = "full") -> str:
    """The entry as GNU writes it (without the blank line before it), or ""
    for an obsolete entry without translation, which GNU drops."""
    if entry.obsolete and not entry.has_translation:
        return ""
    return format_head(entry, width, locations) + format_body(entry, charset, width)
