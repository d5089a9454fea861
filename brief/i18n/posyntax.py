"""The grammar of PO files, as GNU gettext's lexer and parser read them.

This is ``po-lex.c`` and ``po-gram-gen.y``: a backslash at the end of a line
joins it to the next; ``#~`` makes the rest of a line obsolete and ``#~|``
or ``#|`` previous; strings follow their keyword across any whitespace and
take C escapes (octal and hex escapes are bytes); the last ``#,`` line of an
entry gives its flags. Unlike GNU, which reports an error and goes on with a
truncated string, every problem here is collected, with its line, so that
the caller refuses the file whole.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import CatalogError

__all__ = ["Fields", "Parsed", "parse"]


@dataclass(slots=True, eq=False)
class Fields:
    """What an entry of a PO file holds, as GNU gettext's parser reads it:
    the base of `brief.i18n.po.Entry`, and of `Parsed`."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    msgstr_line: int = 0


@dataclass(slots=True, eq=False)
class Parsed(Fields):
    """One entry as read: its fields, and the lines its text spans in the
    file (its first comment to its last string)."""

    first: int = 0      # the line of its first comment (or keyword)
    body: int = 0       # the line of its first keyword (#| lines included)
    last: int = 0


# The tokens of the PO syntax, as GNU's lexer (po-lex.c) cuts them.
_TOKEN = re.compile(r"""
    [ \t\r\f\v]*
    (?:
      (?P<nl>\n)
    | (?P<obs>\#~\|?)
    | (?P<prev>\#\|)
    | (?P<comment>\#[^\n]*)
    | (?P<string>"(?:[^"\\\n]|\\.)*")
    | (?P<open>"(?:[^"\\\n]|\\.)*\\?)
    | (?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
    | (?P<number>[0-9]+)
    | (?P<bracket>[\[\]])
    | (?P<junk>.)
    | $
    )
""", re.X | re.S)

_KEYWORDS = {"msgid": "msgid", "msgstr": "msgstr", "msgctxt": "msgctxt", "msgid_plural": "msgid_plural",
             "domain": "domain"}
_PREV_KEYWORDS = {"msgid": "prev_msgid", "msgctxt": "prev_msgctxt", "msgid_plural": "prev_msgid_plural"}
_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.?))", re.S)


@dataclass(slots=True)
class _Token:
    kind: str
    value: str
    line: int          # line of the token's start in the file
    end: int           # line of its end
    obsolete: bool


class _Lines:
    """Line numbers of offsets in the text the lexer reads: the file's text
    with every backslash-newline removed, as GNU joins such lines."""

    def __init__(self, text: str, joins: list[int]) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.joins = joins

    def __call__(self, offset: int) -> int:
        return 1 + bisect.bisect_left(self.newlines, offset) + bisect.bisect_right(self.joins, offset)


def _lex(text: str, name: str, problems: list[CatalogError]) -> list[_Token]:
    joins: list[int] = []
    if "\\\n" in text:
        parts = text.split("\\\n")
        offset = 0
        for part in parts[:-1]:
            offset += len(part)
            joins.append(offset)
        text = "".join(parts)
    line_of = _Lines(text, joins) if joins else None
    tokens: list[_Token] = []
    obsolete = previous = False
    line = 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "nl":
            obsolete = previous = False
            line += 1
            continue
        if kind is None:
            continue
        if line_of is None:
            start = end = line
        else:
            start, end = line_of(m.start(kind)), line_of(max(m.end() - 1, m.start(kind)))
        value = m.group(kind)
        if kind == "obs":
            obsolete = True
            previous = previous or value.endswith("|")
            continue
        if kind == "prev":
            previous = True
            continue
        if kind == "comment":
            tokens.append(_Token("comment", value[1:], start, end, obsolete))
            obsolete = False
            continue
        if kind in ("string", "open"):
            if kind == "open":
                problems.append(CatalogError("a string without its closing quote", name, start,
                                             hint="end the string with \" on the same line"))
                body = value[1:].rstrip("\\")
            else:
                body = value[1:-1]
            tokens.append(_Token("prev_string" if previous else "string",
                                 _unescape(body, name, start, problems), start, end, obsolete))
            continue
        if kind == "word":
            table = _PREV_KEYWORDS if previous else _KEYWORDS
            if value in table:
                tokens.append(_Token(table[value], value, start, end, obsolete))
            else:
                tokens.append(_Token("name", value, start, end, obsolete))
            continue
        tokens.append(_Token(kind or "junk", value, start, end, obsolete))
    return tokens


def _unescape(body: str, name: str, line: int, problems: list[CatalogError]) -> str:
    if "\\" not in body and "\x04" not in body:
        return body
    raw: list[str | int] = []   # text, and bytes given as octal or hex escapes

    def escape(m: re.Match[str]) -> str:
        simple, octal, hexa, bad = m.groups()
        if simple is not None:
            return _ESCAPES[simple]
        if octal is not None or hexa is not None:
            raw.append(int(octal, 8) if octal is not None else int(hexa, 16))
            return "\x00"
        problems.append(CatalogError(f"invalid escape sequence \"\\{bad}\" in a string", name, line,
                                     hint="write \\\\ for a backslash, \\\" for a quote, \\n for a new line"))
        return " "

    text = _ESCAPE.sub(escape, body)
    if raw:
        text = _bytes_escapes(text, raw, name, line, problems)
    if "\x04" in text:
        problems.append(CatalogError("a string holds the character EOT (\\x04), which a PO file cannot hold",
                                     name, line, hint="remove that control character"))
    return text


def _bytes_escapes(text: str, raw: list[str | int], name: str, line: int,
                   problems: list[CatalogError]) -> str:
    """Octal and hex escapes give bytes: rebuild them as UTF-8 text."""
    out = bytearray()
    values = iter(raw)
    for ch in text:
        if ch == "\x00":
            byte = int(next(values)) & 0xFF
            if byte == 0:
                problems.append(CatalogError("a string holds a NUL character (\\0), which a PO file "
                                             "cannot hold", name, line, hint="remove the \\0"))
                continue
            out.append(byte)
        else:
            out += ch.encode("utf-8")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(CatalogError("octal or hex escapes that are not UTF-8", name, line,
                                     hint="write the characters themselves"))
        return out.decode("utf-8", errors="replace")


_STARTS = ("comment", "msgctxt", "msgid", "prev_msgctxt", "prev_msgid")


def _describe(token: _Token | None) -> str:
    if token is None:
        return "the end of the file"
    if token.kind in ("string", "prev_string"):
        return "a string"
    if token.kind == "comment":
        return "a comment"
    if token.kind == "name":
        return f"unknown keyword \"{token.value}\""
    if token.kind in ("junk", "number", "bracket"):
        return f"stray text \"{token.value}\""
    return token.value if not token.kind.startswith("prev_") else f"#| {token.value}"


class _Parser:
    """GNU's grammar (po-gram-gen.y) over the tokens of one file."""

    def __init__(self, tokens: list[_Token], name: str, problems: list[CatalogError]) -> None:
        self.tokens = tokens
        self.i = 0
        self.name = name
        self.problems = problems

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def error(self, message: str, line: int | None, hint: str | None = None) -> None:
        self.problems.append(CatalogError(message, self.name, line, hint=hint))

    def strings(self, kind: str, after: _Token) -> str | None:
        parts = []
        while (t := self.peek()) is not None and t.kind == kind:
            parts.append(t.value)
            self.i += 1
        if not parts:
            t = self.peek()
            self.error(f"{after.value} without a string: {_describe(t)} after it",
                       t.line if t else after.line, hint=f"write {after.value} \"...\"")
            return None
        return "".join(parts)

    def expect(self, kind: str, what: str) -> _Token | None:
        t = self.peek()
        if t is None or t.kind != kind:
            self.error(f"{_describe(t)} where {what} was expected",
                       t.line if t else (self.tokens[-1].end if self.tokens else None))
            return None
        self.i += 1
        return t

    def recover(self) -> None:
        """Skip to the next token that can begin an entry."""
        while (t := self.peek()) is not None and t.kind not in _STARTS:
            self.i += 1

    def entries(self) -> Iterator[tuple[list[_Token], Parsed | None, int, int]]:
        """(comments, entry or None when broken, first line, last line) in order."""
        comments: list[_Token] = []
        while (t := self.peek()) is not None:
            if t.kind == "comment":
                comments.append(t)
                self.i += 1
                continue
            if t.kind in ("msgctxt", "msgid", "prev_msgctxt", "prev_msgid"):
                start = self.i
                entry = self.message()
                if entry is not None:
                    entry.body = t.line
                last = self.tokens[self.i - 1].end if self.i > start else t.line
                first = comments[0].line if comments else t.line
                yield comments, entry, first, last
                comments = []
                if entry is None:
                    self.recover()
                continue
            if t.kind == "domain":
                self.error("a domain directive: brief reads catalogs of one domain", t.line,
                           hint="split the file with msgcat, one domain per file")
            elif t.kind in ("msgstr", "msgid_plural"):
                self.error(f"{t.value} without a msgid before it", t.line, hint="add the msgid line")
            elif t.kind in ("string", "prev_string"):
                self.error("a string without a keyword before it", t.line,
                           hint="begin the line with msgid, msgstr or msgctxt, or remove it")
            elif t.kind == "junk" and t.value == "\ufeff":
                self.error("a byte order mark (BOM) before the first line", t.line,
                           hint="save the file as UTF-8 without BOM, as GNU gettext expects")
            else:
                self.error(_describe(t), t.line, hint="remove it, or make it a comment with #")
            self.i += 1
            self.recover()
        if comments:
            yield comments, None, comments[0].line, comments[-1].end

    def kind(self) -> str | None:
        t = self.peek()
        return t.kind if t is not None else None

    def message(self) -> Parsed | None:
        """One entry, from its ``#|`` lines (if any) to its last msgstr."""
        start = self.i
        first = self.tokens[start]
        prev: list[str | None] = [None, None, None]     # msgctxt, msgid, msgid_plural
        if first.kind == "prev_msgctxt":
            self.i += 1
            prev[0] = self.strings("prev_string", first)
            if self.expect("prev_msgid", "#| msgid") is None:
                return None
        elif first.kind == "prev_msgid":
            self.i += 1
        if first.kind.startswith("prev_"):
            prev[1] = self.strings("prev_string", self.tokens[self.i - 1])
            if self.kind() == "prev_msgid_plural":
                self.i += 1
                prev[2] = self.strings("prev_string", self.tokens[self.i - 1])
        ctxt = None
        if self.kind() == "msgctxt":
            self.i += 1
            ctxt = self.strings("string", self.tokens[self.i - 1])
        msgid_token = self.expect("msgid", "msgid")
        if msgid_token is None:
            return None
        entry = Parsed(self.strings("string", msgid_token) or "", msgctxt=ctxt, previous_msgctxt=prev[0],
                      previous_msgid=prev[1], previous_msgid_plural=prev[2], line=msgid_token.line)
        t = self.peek()
        if t is not None and t.kind == "msgid_plural":
            self.i += 1
            entry.msgid_plural = self.strings("string", t) or ""
            while (msgstr := self.peek()) is not None and msgstr.kind == "msgstr":
                self.i += 1
                entry.msgstr_line = entry.msgstr_line or msgstr.line
                if not self.plural_index(msgstr, len(entry.msgstr_plural)):
                    return None
                entry.msgstr_plural.append(self.strings("string", msgstr) or "")
            if not entry.msgstr_plural:
                self.error("msgid_plural without its msgstr[0], msgstr[1]...", msgid_token.line,
                           hint="add the msgstr[n] lines")
                return None
        elif t is not None and t.kind == "msgstr":
            self.i += 1
            entry.msgstr_line = t.line
            after = self.peek()
            if after is not None and after.kind == "bracket" and after.value == "[":
                self.error("msgstr[n] without a msgid_plural", t.line,
                           hint="add the msgid_plural line, or write msgstr \"...\"")
                return None
            entry.msgstr = self.strings("string", t) or ""
        elif t is not None and t.kind == "msgctxt":
            self.error("msgctxt after the msgid", t.line, hint="put the msgctxt line before the msgid")
            self.i += 1
            return None
        elif t is not None and t.kind not in _STARTS:
            self.error(f"{_describe(t)} where msgstr was expected", t.line,
                       hint="check the spelling of msgstr" if t.kind == "name" else None)
            self.i += 1
            return None
        else:
            self.error("msgid without a msgstr", msgid_token.line, hint="add a msgstr line after the msgid")
            return None
        for tok in self.tokens[start:self.i]:
            if tok.obsolete != first.obsolete:
                self.error("inconsistent use of #~: an entry is obsolete on some lines only", tok.line,
                           hint="begin every line of an obsolete entry with #~")
                break
        entry.obsolete = first.obsolete
        return entry

    def plural_index(self, msgstr: _Token, expected: int) -> bool:
        if self.expect("bracket", "[") is None:
            return False
        number = self.expect("number", "the index of a plural form")
        if number is None or self.expect("bracket", "]") is None:
            return False
        if int(number.value) != expected:
            self.error(f"msgstr[{number.value}] where msgstr[{expected}] was expected", msgstr.line,
                       hint="number the plural forms 0, 1, 2... in order")
        return True


def _comment_fields(entry: Parsed, comments: list[_Token]) -> None:
    """Sort the comment lines of an entry as GNU does (read-catalog-abstract.c)."""
    flag_lines: list[str] | None = None
    for c in comments:
        s = c.value
        if s.startswith("."):
            entry.extracted_comments.append(s[2:] if s.startswith(". ") else s[1:])
        elif s.startswith(":"):
            for ref in _references(s[1:]):
                if ref not in entry.references:
                    entry.references.append(ref)
        elif s.startswith((",", "!")):
            flag_lines = _flags(s[1:])     # GNU: the last flags line is the one that counts
        else:
            entry.comments.append(s[1:] if s.startswith(" ") else s)
    if flag_lines is not None:
        entry.flags = flag_lines


def _flags(s: str) -> list[str]:
    tokens = [t for t in re.split(r"[\n \t\r\f\v,]+", s) if t]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "range:" and i + 1 < len(tokens):
            out.append(f"range: {tokens[i + 1]}")
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


_REF_WORD = re.compile(r"[ \t\n]*([^ \t\n]+)")
_REF_TAIL = re.compile(r":([0-9]+)$")
_REF_SPACED = re.compile(r"[ \t\n]*:[ \t\n]*([0-9]+)(?=$|[ \t\n])")
_REF_NUMBER = re.compile(r"[ \t\n]*([0-9]+)(?=$|[ \t\n])")


def _references(s: str) -> list[tuple[str, int | None]]:
    """The file positions of a ``#:`` line, in the three forms GNU accepts:
    ``file:12``, ``file: 12``, ``file : 12``, and ``file`` alone."""
    out: list[tuple[str, int | None]] = []
    pos = 0
    while True:
        m = _REF_WORD.match(s, pos)
        if not m:
            return out
        word, pos = m.group(1), m.end()
        spaced = _REF_SPACED.match(s, pos)
        if spaced:
            out.append((word, int(spaced.group(1))))
            pos = spaced.end()
            continue
        if word.endswith(":") and (number := _REF_NUMBER.match(s, pos)):
            out.append((word[:-1], int(number.group(1))))
            pos = number.end()
            continue
        tail = _REF_TAIL.search(word)
        if tail and tail.start() > 0:
            out.append((word[:tail.start()], int(tail.group(1))))
        else:
            out.append((word, None))



def parse(text: str, name: str) -> tuple[list[Parsed], list[CatalogError]]:
    """The entries of a PO file's text, in order, and its syntax errors."""
    problems: list[CatalogError] = []
    entries = []
    for comments, entry, first, last in _Parser(_lex(text, name, problems), name, problems).entries():
        if entry is not None:
            _comment_fields(entry, comments)
            entry.first, entry.last = first, last
            entries.append(entry)
    return entries, problems
