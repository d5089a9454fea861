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
touches what brief changed and the translators' diffs stay small. When only
an entry's comments changed (new line numbers in its ``#:`` line, say), its
comment lines are written anew and its strings as they were read. Changed
and new entries are written in GNU's form (``reformat=True`` writes all of
them so). The choice is made on the data, not on a flag to keep in sync:
what is written from the text read is what still equals what was read.

The file's charset (its header's Content-Type) is kept: an entry is written
in the charset the catalog declares.

The grammar is `posyntax` (GNU's lexer and parser), GNU's form of an entry
`poformat` (its writer) and `linebreak` (the line breaking it relies on).
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefError, CatalogError
from .poformat import format_entry, format_head, wrapping
from .posyntax import Fields
from .posyntax import parse as parse_text

__all__ = ["Entry", "Catalog", "read_po", "parse_po", "po_bytes", "canonical_charset", "declared_charset"]

#: What an entry holds, as the parser gives it (`Fields`, which `Entry` extends).
_FIELDS = dataclasses.fields(Fields)


@dataclass(slots=True, eq=False)
class Entry(Fields):
    """One PO entry. `msgstr` holds the translation of a singular entry,
    `msgstr_plural` the translations (msgstr[0], msgstr[1]...) of one with a
    `msgid_plural`. `line` is the line of its msgid in the file read (0 for
    an entry made in code), `msgstr_line` that of its msgstr."""

    # The entry's text in the file read (all of it; from its first keyword
    # on; the blank lines before it) and the fields it held then.
    _text: str | None = field(default=None, init=False, repr=False)
    _body: str | None = field(default=None, init=False, repr=False)
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
        new = dataclasses.replace(self, msgstr_plural=list(self.msgstr_plural), comments=list(self.comments),
                                  extracted_comments=list(self.extracted_comments),
                                  references=list(self.references), flags=list(self.flags))
        new.keep_text(self)
        return new

    def keep_text(self, other: Entry) -> None:
        """Take the text `other` was read from: what of it still holds (all
        of it, or its strings) is written again as it was."""
        self._text, self._body, self._lead, self._read_as = other._text, other._body, other._lead, other._read_as


# -- the catalog ------------------------------------------------------------------

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
        return _codec_names().get(codecs.lookup(name).name)
    except LookupError:
        return None


@functools.cache
def _codec_names() -> dict[str, str]:
    """GNU's charset names by Python's codec names (looked up when first
    needed: it loads some forty codecs, a cost a build that writes no
    catalog need not pay)."""
    out: dict[str, str] = {}
    for gnu in sorted(set(_GNU_CHARSETS.values()), reverse=True):
        try:
            out.setdefault(codecs.lookup(gnu).name, gnu)
        except LookupError:
            pass
    return out


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


def _parse(text: str, name: str) -> tuple[Catalog, list[CatalogError]]:
    """The catalog in a PO file's text, and its problems, in the order of the file."""
    parsed, problems = parse_text(text, name)
    pieces = text.split("\n")
    lines = [line + "\n" for line in pieces[:-1]] + [pieces[-1]]    # "\n" alone ends a line for GNU
    catalog = Catalog(path=name)
    seen: dict[tuple[str | None, str], Entry] = {}
    previous_end = 0
    for p in parsed:
        entry = Entry(**{f.name: getattr(p, f.name) for f in _FIELDS})
        entry._lead = "".join(lines[previous_end:p.first - 1])
        entry._text = "".join(lines[p.first - 1:p.last])
        entry._body = "".join(lines[p.body - 1:p.last])
        entry._read_as = entry.fields()
        if previous_end == 0:
            catalog._leader, entry._lead = entry._lead, ""
        previous_end = p.last
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
    problems.sort(key=lambda problem: problem.line or 0)
    return catalog, problems


# -- writing ------------------------------------------------------------------------------

_REFERENCES = 7     # where the references are in Entry.fields()


def _as_written(fields: tuple[object, ...], locations: str) -> tuple[object, ...]:
    """An entry's fields as a file written with `locations` shows them."""
    if locations == "full":
        return fields
    refs: tuple[tuple[str, int | None], ...] = fields[_REFERENCES]  # type: ignore[assignment]
    shown = () if locations == "never" else tuple(dict.fromkeys((name, None) for name, _ in refs))
    return fields[:_REFERENCES] + (shown,) + fields[_REFERENCES + 1:]


def _written_as_read(entry: Entry, locations: str) -> bool:
    """Whether the entry's text, as read, is what writing it would give: it
    has not changed, and its ``#:`` lines are in the form asked for (a
    change of line numbers alone does not count when they are not written)."""
    if entry._text is None or entry._read_as is None:
        return False
    if locations == "full":
        return entry.unchanged
    read = entry._read_as
    return _as_written(read, locations) == read and _as_written(entry.fields(), locations) == read


def _strings(fields: tuple[object, ...]) -> tuple[object, ...]:
    """What the strings of an entry (its #| lines, msgctxt, msgid, msgstr)
    are written from: their fields, obsolete, and how flags wrap them."""
    flags: list[str] = list(fields[8])  # type: ignore[call-overload]
    return fields[0:5] + fields[9:13] + (wrapping(flags),)


def _strings_as_read(entry: Entry) -> bool:
    """Whether the entry's strings are as read (its comments changed only)."""
    return entry._body is not None and entry._read_as is not None and \
        _strings(entry._read_as) == _strings(entry.fields())


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
        verbatim = kept and _written_as_read(entry, locations)
        if verbatim:
            text = entry._text
        elif kept and _strings_as_read(entry) and (entry.has_translation or not entry.obsolete):
            text = format_head(entry, width, locations) + (entry._body or "")
        else:
            text = format_entry(entry, canon, width, locations)
        if not text:
            continue
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")       # the last line of a file read without its newline
        if first:
            parts.append(catalog._leader if verbatim else "")
        else:
            parts.append(entry._lead if kept and entry._lead else "\n")
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
