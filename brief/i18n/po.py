"""PO files, read and written as GNU gettext reads and writes them.

GNU gettext is the reference for what a catalog is: what `msgfmt` refuses,
`read_po` refuses too (every syntax error, with its file and line, all of
them at once), and what `msgcat` writes, `po_bytes` writes, byte for byte.

A catalog is a header entry, entries and obsolete (``#~``) entries. An
`Entry` holds everything a PO entry can: translator comments (``#``),
extracted comments (``#.``), references (``#:``), flags (``#,``), the
previous msgctxt/msgid/msgid_plural of a fuzzy entry (``#|``, or ``#~|``
when obsolete), msgctxt, msgid, msgid_plural and the msgstr or msgstr[n].

Each entry read from a file keeps its text, and `po_bytes` writes that text
back unchanged while the entry is unchanged: a catalog saved by Poedit,
Weblate, Babel or polib keeps their line wrapping, so a save by brief only
touches what brief changed and the translators' diffs stay small. Changed
and new entries are written in GNU's form (``reformat=True`` writes all of
them so). The choice is made on the data, not on a flag to keep in sync:
an entry is written from its text when its fields still equal what was
read.

The file's charset (its header's Content-Type) is kept: an entry is written
in the charset the catalog declares.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefError, CatalogError
from . import poformat

__all__ = ["Entry", "Catalog", "read_po", "parse_po", "po_bytes", "canonical_charset", "declared_charset"]


@dataclass(slots=True, eq=False)
class Entry:
    """One PO entry. `msgstr` holds the translation of a singular entry,
    `msgstr_plural` the translations (msgstr[0], msgstr[1]...) of one with a
    `msgid_plural`. `line` is the line of its msgid in the file read (0 for
    an entry made in code), `msgstr_line` that of its msgstr."""

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
    # The entry's text in the file read and the fields it held then.
    _text: str | None = field(default=None, init=False, repr=False)
    _lead: str | None = field(default=None, init=False, repr=False)
    _read_as: tuple[object, ...] | None = field(default=None, init=False, repr=False)

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies the entry in its catalog: (msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def translations(self) -> list[str]:
        """The msgstr, or the msgstr[n], as a list."""
        return list(self.msgstr_plural) if self.msgid_plural is not None else [self.msgstr]

    @property
    def has_translation(self) -> bool:
        """Whether a first msgstr is there (what GNU tools test)."""
        return bool(self.translations[0]) if self.translations else False

    @property
    def translated(self) -> bool:
        """Usable in a build: every msgstr filled in and not fuzzy."""
        return not self.fuzzy and all(self.translations) and bool(self.translations)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    def fields(self) -> tuple[object, ...]:
        """Everything the entry says, as one comparable value."""
        return (self.msgid, self.msgstr, self.msgctxt, self.msgid_plural, tuple(self.msgstr_plural),
                tuple(self.comments), tuple(self.extracted_comments), tuple(self.references),
                tuple(self.flags), self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural,
                self.obsolete)

    @property
    def unchanged(self) -> bool:
        """True while the entry holds what was read from its file."""
        return self._read_as is not None and self._read_as == self.fields()

    def copy(self) -> Entry:
        """A copy that shares no list with this entry."""
        new = Entry(self.msgid, self.msgstr, self.msgctxt, self.msgid_plural, list(self.msgstr_plural),
                    list(self.comments), list(self.extracted_comments), list(self.references),
                    list(self.flags), self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural,
                    self.obsolete, self.line, self.msgstr_line)
        new._text, new._lead, new._read_as = self._text, self._lead, self._read_as
        return new


# -- the header ------------------------------------------------------------------

_FIELD = re.compile(r"([^:\n]+):[ \t]?(.*)")


@dataclass(slots=True, eq=False)
class Catalog:
    """A PO file: its header entry, entries and obsolete entries, in order."""

    header: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    obsolete: list[Entry] = field(default_factory=list)
    path: str | None = None
    # Text before the first entry and after the last (blank lines, stray comments).
    _leader: str = field(default="", repr=False)
    _trailer: str = field(default="", repr=False)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        """The current (not obsolete) entry with that msgid and msgctxt."""
        for entry in self.entries:
            if entry.msgid == msgid and entry.msgctxt == msgctxt:
                return entry
        return None

    def index(self) -> dict[tuple[str | None, str], Entry]:
        """The current entries by (msgctxt, msgid)."""
        return {e.key: e for e in self.entries}

    def copy(self) -> Catalog:
        """A deep copy: no entry and no list is shared."""
        return Catalog(self.header.copy() if self.header else None, [e.copy() for e in self.entries],
                       [e.copy() for e in self.obsolete], self.path, self._leader, self._trailer)

    # The header's fields, "Name: value" lines of its msgstr, in order.

    def header_fields(self) -> list[tuple[str, str]]:
        """Every field of the header, in order, unknown ones included."""
        out = []
        for line in (self.header.msgstr if self.header else "").split("\n"):
            m = _FIELD.fullmatch(line)
            if m:
                out.append((m.group(1), m.group(2)))
        return out

    def header_field(self, name: str) -> str | None:
        for key, value in self.header_fields():
            if key.lower() == name.lower():
                return value
        return None

    def set_header_field(self, name: str, value: str) -> None:
        """Change a field in place (or add it at the end); every other line stays."""
        if self.header is None:
            self.header = Entry("", "")
        lines = self.header.msgstr.split("\n")
        for i, line in enumerate(lines):
            m = _FIELD.fullmatch(line)
            if m and m.group(1).lower() == name.lower():
                lines[i] = f"{m.group(1)}: {value}"
                self.header.msgstr = "\n".join(lines)
                return
        text = self.header.msgstr
        if text and not text.endswith("\n"):
            text += "\n"
        self.header.msgstr = f"{text}{name}: {value}\n"

    @property
    def charset(self) -> str:
        """The charset the header declares ("UTF-8" when it declares none)."""
        return declared_charset(self.header.msgstr if self.header else "") or "UTF-8"


def declared_charset(header_msgstr: str) -> str | None:
    """The charset= value of a header, as GNU finds it (anywhere in the header)."""
    at = header_msgstr.find("charset=")
    if at < 0:
        return None
    value = re.match(r"[^ \t\n]*", header_msgstr[at + 8:])
    name = value.group(0) if value else ""
    return None if name in ("", "CHARSET") else name


# GNU gettext's portable charset names (po-charset.c), by upper-case spelling.
_GNU_CHARSETS = {n.upper(): n for n in (
    "ASCII", "ISO-8859-1", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6",
    "ISO-8859-7", "ISO-8859-8", "ISO-8859-9", "ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "KOI8-R",
    "KOI8-U", "KOI8-T", "CP850", "CP866", "CP874", "CP932", "CP949", "CP950", "CP1250", "CP1251",
    "CP1252", "CP1253", "CP1254", "CP1255", "CP1256", "CP1257", "GB2312", "EUC-JP", "EUC-KR",
    "EUC-TW", "BIG5", "BIG5-HKSCS", "GBK", "GB18030", "SHIFT_JIS", "JOHAB", "TIS-620", "VISCII",
    "GEORGIAN-PS", "UTF-8")}
_GNU_CHARSETS.update({"ANSI_X3.4-1968": "ASCII", "US-ASCII": "ASCII"})
_GNU_CHARSETS.update({f"ISO_8859-{n}": f"ISO-8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)})


def canonical_charset(name: str | None) -> str | None:
    """GNU's name of a charset (``latin1`` is ISO-8859-1, ``windows-1252``
    CP1252), None for one that GNU does not know."""
    if not name:
        return None
    if name.upper() in _GNU_CHARSETS:
        return _GNU_CHARSETS[name.upper()]
    try:
        return _BY_CODEC.get(codecs.lookup(name).name)
    except LookupError:
        return None


def _codec_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for gnu in sorted(set(_GNU_CHARSETS.values()), reverse=True):
        try:
            out.setdefault(codecs.lookup(gnu).name, gnu)
        except LookupError:
            pass
    return out


_BY_CODEC = _codec_names()


def _codec(name: str) -> codecs.CodecInfo | None:
    """Python's codec for a charset a PO file may use: one that writes the
    characters of PO syntax as ASCII does."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    probe = '#~|:.,[]"\\ msgid_plural 0123456789\n'
    try:
        return info if info.encode(probe)[0] == probe.encode("ascii") else None
    except UnicodeError:
        return None


# -- reading -------------------------------------------------------------------------

def read_po(path: str | Path) -> Catalog:
    """The catalog in the PO file at `path`. Every problem is a `CatalogError`
    naming the file and line: a syntax error (all of them at once), a
    charset Python does not know, bytes that are not in the file's charset, a
    path that is a folder or cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CatalogError("this is a folder, not a PO file", path,
                           hint="give the path of a .po or .pot file") from None
    except FileNotFoundError:
        raise CatalogError("no such PO file", path) from None
    except OSError as e:
        raise CatalogError(f"cannot read the PO file: {e.strerror or e}", path,
                           hint="check the file's permissions") from None
    return parse_po(data, path)


def parse_po(data: bytes, path: str | Path = "<catalog>") -> Catalog:
    """The catalog in `data`, the bytes of a PO file (see `read_po`)."""
    name = str(path)
    try:
        catalog, problems = _parse(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        # Not UTF-8: read the header's charset (PO syntax is ASCII), then decode.
        catalog, problems = _parse(data.decode("latin-1"), name)
        declared = declared_charset(catalog.header.msgstr) if catalog.header else None
        codec = _codec(declared or "utf-8")
        if codec is None or codec.name == "utf-8":
            raise _charset_problem(catalog, name, declared, data) from None
        try:
            text = codec.decode(data)[0]
        except UnicodeDecodeError:
            raise _charset_problem(catalog, name, declared, data, codec.name) from None
        catalog, problems = _parse(text, name)
    else:
        declared = declared_charset(catalog.header.msgstr) if catalog.header else None
        codec = _codec(declared or "utf-8")
        if codec is None:
            raise _charset_problem(catalog, name, declared, data)
        if codec.name != "utf-8" and not data.isascii():
            # Bytes that happen to be UTF-8 too, in a file of another charset.
            catalog, problems = _parse(codec.decode(data)[0], name)
    if problems:
        raise CatalogError.gather(problems)
    return catalog


def _charset_problem(catalog: Catalog, name: str, declared: str | None, data: bytes,
                     codec: str | None = None) -> BriefError:
    if declared is not None and codec is None and _codec(declared) is None:
        return CatalogError(f"unknown charset \"{declared}\"", name, _charset_line(catalog),
                            hint="declare UTF-8 (or another charset) in the header's Content-Type")
    charset = declared or "UTF-8 (the header declares no charset)"
    text = data.decode(codec or "utf-8", errors="surrogateescape")
    problems = [CatalogError(f"bytes that are not {charset}", name, number,
                             hint="save the file in the charset its header declares (UTF-8 is best)")
                for number, line in enumerate(text.split("\n"), 1) if re.search("[\udc80-\udcff]", line)]
    return CatalogError.gather(problems or [CatalogError(f"bytes that are not {charset}", name)])


def _charset_line(catalog: Catalog) -> int | None:
    """The line of the header's charset= in the file."""
    header = catalog.header
    if header is None or header._text is None:
        return None
    lines = header._text.split("\n")
    first = header.line - next(i for i, line in enumerate(lines) if re.match(r"\s*msgid\b", line))
    return next((first + i for i, line in enumerate(lines) if "charset=" in line), header.msgstr_line)


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

    def entries(self) -> Iterator[tuple[list[_Token], Entry | None, int, int]]:
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

    def message(self) -> Entry | None:
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
        entry = Entry(self.strings("string", msgid_token) or "", msgctxt=ctxt, previous_msgctxt=prev[0],
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


def _comment_fields(entry: Entry, comments: list[_Token]) -> None:
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


def _parse(text: str, name: str) -> tuple[Catalog, list[CatalogError]]:
    problems: list[CatalogError] = []
    tokens = _lex(text, name, problems)
    lines = text.splitlines(keepends=True)
    catalog = Catalog(path=name)
    seen: dict[tuple[str | None, str], Entry] = {}
    previous_end = 0
    for comments, entry, first, last in _Parser(tokens, name, problems).entries():
        if entry is None:
            continue
        _comment_fields(entry, comments)
        entry._lead = "".join(lines[previous_end:first - 1])
        entry._text = "".join(lines[first - 1:last])
        entry._read_as = entry.fields()
        if previous_end == 0:
            catalog._leader, entry._lead = entry._lead, ""
        previous_end = last
        if entry.key in seen:
            problems.append(CatalogError(
                f"duplicate message definition (the first is at line {seen[entry.key].line})",
                name, entry.line, hint="keep one of the two entries"))
            continue
        seen[entry.key] = entry
        if entry.is_header and catalog.header is None:
            catalog.header = entry
        elif entry.obsolete:
            catalog.obsolete.append(entry)
        else:
            catalog.entries.append(entry)
    catalog._trailer = "".join(lines[previous_end:])
    problems.sort(key=lambda p: p.line or 0)
    return catalog, problems


# -- writing ------------------------------------------------------------------------------

def _references_as_asked(entry: Entry, locations: str) -> bool:
    """Whether the entry's ``#:`` lines, as read, are in the form asked for."""
    if locations == "never":
        return not entry.references
    if locations == "file":
        files = [name for name, _ in entry.references]
        return all(line is None for _, line in entry.references) and len(set(files)) == len(files)
    return True


def po_bytes(catalog: Catalog, *, reformat: bool = False, width: int = 79,
             locations: str = "full") -> bytes:
    """The catalog as a PO file, in the charset its header declares.

    Entries unchanged since they were read are written as they were read;
    the others, and all of them with `reformat`, as GNU msgcat writes them
    (`width` columns, its escapes and order of comment lines, obsolete
    entries last). `locations` is "full" (``#: file:line``), "file"
    (``#: file``, as ``msgmerge --add-location=file`` writes: a diff of the
    catalog then shows only what changed in the text) or "never"."""
    if locations not in ("full", "file", "never"):
        raise ValueError(f"locations must be 'full', 'file' or 'never', not {locations!r}")
    declared = catalog.charset
    codec = _codec(declared)
    if codec is None:
        raise CatalogError(f"unknown charset \"{declared}\"", catalog.path,
                           hint="declare UTF-8 in the header's Content-Type")
    canon = canonical_charset(declared) or "UTF-8"
    parts: list[str] = []
    kept = not reformat
    entries = ([catalog.header] if catalog.header is not None else []) + catalog.entries + catalog.obsolete
    first = True
    for entry in entries:
        verbatim = kept and entry._text is not None and entry.unchanged and \
            _references_as_asked(entry, locations)
        text = entry._text if verbatim else poformat.format_entry(entry, canon, width, locations)
        if not text:
            continue
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")       # the last line of a file read without its newline
        if verbatim:
            parts.append(catalog._leader if first else (entry._lead or "\n"))
        elif not first:
            parts.append("\n")
        parts.append(text)
        first = False
    if kept and catalog._trailer:
        parts.append(catalog._trailer)
    out = "".join(parts)
    try:
        return codec.encode(out)[0]
    except UnicodeEncodeError as e:
        where = out.count("\n", 0, e.start) + 1
        raise CatalogError(f"a character that {declared} cannot hold: {out[e.start:e.end]!r} "
                           f"(line {where} of the file written)", catalog.path,
                           hint="declare UTF-8 in the header's Content-Type") from None
