"""PO files read and written as GNU gettext does (brief.i18n.po).

GNU gettext is the reference: what msgfmt refuses, read_po refuses, naming
the file and line; what msgcat writes for a catalog, po_bytes(reformat=True)
writes byte for byte; a catalog saved by msgcat, polib or Babel comes back
byte for byte from read_po + po_bytes. The tools run in the tests.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import difflib
import io
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from brief.errors import CatalogError
from brief.i18n.linebreak import POSSIBLE, width_linebreaks
from brief.i18n.po import Catalog, Entry, parse_po, po_bytes, read_po

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "po"
ERRORS = FIXTURES / "errors"
REPO_CATALOGS = sorted([*ROOT.glob("locales/**/*.po"), *ROOT.glob("locales/*.pot"),
                        *ROOT.glob("brief/locales/**/*.po*")])

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None or shutil.which("msgfmt") is None,
                                   reason="GNU gettext (msgcat, msgfmt) is not installed")


def gnu(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(args), input=data, capture_output=True, check=False)


def msgcat(data: bytes, *options: str) -> bytes:
    done = gnu("msgcat", *options, "-", data=data)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def line_of(path: Path, needle: bytes, occurrence: int = 1) -> int:
    """The 1-based line of `path` that holds `needle` (its `occurrence`-th)."""
    lines = [i for i, line in enumerate(path.read_bytes().split(b"\n"), 1) if needle in line]
    assert len(lines) >= occurrence, f"{needle!r} is on lines {lines} of {path.name}"
    return lines[occurrence - 1]


# -- the parser: every syntax error refused, with file and line ------------------------------

@dataclass
class Bad:
    fixture: str
    needle: bytes           # text of the line the error is on
    says: str               # words the message holds
    gnu_refuses: bool = True
    occurrence: int = 1


BAD = [
    Bad("unterminated_string", b'"En bref', "closing quote"),
    Bad("bad_escape", b"\\q", "escape"),
    Bad("msgstr_without_msgid", b"Orphelin", "without a msgid"),
    Bad("duplicate", b'msgid "Context"', "duplicate", occurrence=2),
    Bad("keyword_out_of_order", b'msgstr "Contexte"', "without a msgid"),
    Bad("msgctxt_after_msgid", b"msgctxt", "msgctxt after the msgid"),
    Bad("unknown_keyword", b"msgsrt", 'unknown keyword "msgsrt"'),
    Bad("stray_text", b"} stray", "stray text"),
    Bad("missing_msgstr", b'msgid "Context"', "without a msgstr"),
    Bad("string_without_keyword", b"a lost line", "without a keyword"),
    Bad("plural_index", b"msgstr[2]", "msgstr[1] was expected"),
    Bad("plural_without_msgid_plural", b"msgstr[0]", "without a msgid_plural"),
    Bad("msgid_plural_without_msgstr", b'msgid "note"', "msgstr[0]"),
    Bad("inconsistent_obsolete", b"Ancien", "#~"),
    Bad("eot", b"Con\x04texte", "EOT"),
    Bad("bom", b"\xef\xbb\xbf", "byte order mark"),
    Bad("not_utf8", b"Contexte \xe9", "not UTF-8"),
    Bad("domain", b"domain", "domain"),
    # Refused here, accepted by msgfmt: it cuts the string at \0, and reads an
    # unknown charset as bytes; brief loses no text and guesses no charset.
    Bad("nul_escape", b"\\0", "NUL", gnu_refuses=False),
    Bad("unknown_charset", b"KLINGON", "unknown charset", gnu_refuses=False),
]


def test_every_error_fixture_is_tested() -> None:
    assert {p.stem for p in ERRORS.glob("*.po")} == {b.fixture for b in BAD} | {"several"}


@pytest.mark.parametrize("bad", BAD, ids=lambda b: b.fixture)
def test_a_syntax_error_is_refused_with_its_file_and_line(bad: Bad) -> None:
    path = ERRORS / f"{bad.fixture}.po"
    with pytest.raises(CatalogError) as caught:
        read_po(path)
    error = caught.value
    assert error.file == str(path)
    assert error.line == line_of(path, bad.needle, bad.occurrence)
    assert bad.says in error.message, error.one_line()
    assert error.hint


@needs_gettext
@pytest.mark.parametrize("bad", [b for b in BAD if b.gnu_refuses], ids=lambda b: b.fixture)
def test_msgfmt_refuses_the_same_files(bad: Bad) -> None:
    assert gnu("msgfmt", "-c", "-o", "/dev/null", str(ERRORS / f"{bad.fixture}.po")).returncode != 0


def test_all_the_errors_of_a_file_at_once() -> None:
    path = ERRORS / "several.po"
    with pytest.raises(CatalogError) as caught:
        read_po(path)
    expected = [line_of(path, needle) for needle in (b'"R\xc3\xa9sum\xc3\xa9', b"msgsrt", b"\\q")]
    assert [p.line for p in caught.value.problems] == expected
    assert all(p.file == str(path) for p in caught.value.problems)
    assert len(str(caught.value).splitlines()) == len(expected)


def test_nothing_is_truncated_a_string_goes_on_across_blank_lines() -> None:
    # GNU joins the strings that follow a keyword, whatever lies between them.
    catalog = parse_po(b'msgid "a"\nmsgstr "En "\n\n"bref"\n')
    assert catalog.entries[0].msgstr == "En bref"


def test_a_folder_a_missing_or_unreadable_file_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="folder") as caught:
        read_po(tmp_path)
    assert caught.value.file == str(tmp_path)
    with pytest.raises(CatalogError, match="no such"):
        read_po(tmp_path / "missing.po")
    (tmp_path / "file").write_text("")
    with pytest.raises(CatalogError, match="cannot read"):
        read_po(tmp_path / "file" / "fr.po")


# -- what a catalog holds ------------------------------------------------------------------------

def test_a_cp1252_catalog_is_read_and_kept_in_cp1252() -> None:
    path = FIXTURES / "cp1252.po"
    data = path.read_bytes()
    catalog = read_po(path)
    assert catalog.charset == "CP1252"
    paragraph = catalog.entries[-1]
    assert "1 800 € par an pour l’énergie" in paragraph.msgstr
    assert "«Cœur»" in paragraph.msgstr and "één op de vijf" in paragraph.msgid
    assert catalog.entries[1].comments == ["Vérifier le terme avec l’équipe."]
    assert po_bytes(catalog) == data
    paragraph.msgstr = paragraph.msgstr.replace("Cœur", "Cœur même")
    changed = po_bytes(catalog)
    assert changed.decode("cp1252").count("Cœur même") == 1
    assert changed.startswith(data[:data.index(b"#. paragraph")])


@needs_gettext
def test_a_cp1252_catalog_is_written_as_msgcat_writes_it() -> None:
    data = (FIXTURES / "cp1252.po").read_bytes()
    assert po_bytes(parse_po(data), reformat=True) == msgcat(data)


def test_the_header_keeps_every_field_in_order() -> None:
    catalog = read_po(FIXTURES / "cp1252.po")
    names = [name for name, _ in catalog.header_fields()]
    assert names[-4:] == ["Plural-Forms", "X-Generator", "X-Poedit-Basepath", "X-Poedit-SourceCharset"]
    assert catalog.header_field("x-poedit-basepath") == "../../.."
    assert catalog.header_field("Language-Team") == "French <fr@li.org>"
    before = catalog.header_fields()
    catalog.set_header_field("PO-Revision-Date", "2026-12-01 09:00+0100")
    after = catalog.header_fields()
    assert [n for n, _ in after] == [n for n, _ in before]
    assert dict(after)["PO-Revision-Date"] == "2026-12-01 09:00+0100"
    assert [v for n, v in after if n != "PO-Revision-Date"] == [v for n, v in before if n != "PO-Revision-Date"]


@needs_gettext
def test_obsolete_entries_with_previous_msgids_are_read() -> None:
    """msgmerge writes ``#~|`` lines; Babel refused such a catalog."""
    path = FIXTURES / "obsolete_previous.po"
    catalog = read_po(path)
    [old] = catalog.obsolete
    assert old.obsolete and old.fuzzy
    assert old.previous_msgid is not None and old.previous_msgid.endswith("most of them tenants.")
    assert old.msgid.endswith("private landlords.")
    assert old.comments == ["Ask the author about this figure."]
    assert po_bytes(catalog) == path.read_bytes() == po_bytes(catalog, reformat=True)
    assert msgcat(path.read_bytes()) == path.read_bytes()


def test_an_entry_keeps_all_it_can_hold() -> None:
    text = (b'# translator\n#. extracted\n#: a.md:3 b.md\n#, fuzzy, python-format\n'
            b'#| msgctxt "old context"\n#| msgid "old"\n#| msgid_plural "olds"\n'
            b'msgctxt "context"\nmsgid "%d note"\nmsgid_plural "%d notes"\n'
            b'msgstr[0] "%d note"\nmsgstr[1] "%d notes"\n')
    [entry] = parse_po(text).entries
    assert (entry.comments, entry.extracted_comments, entry.references) == (
        ["translator"], ["extracted"], [("a.md", 3), ("b.md", None)])
    assert entry.flags == ["fuzzy", "python-format"]
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) == (
        "old context", "old", "olds")
    assert (entry.msgctxt, entry.msgid, entry.msgid_plural) == ("context", "%d note", "%d notes")
    assert entry.msgstr_plural == ["%d note", "%d notes"] and entry.line == 9 and entry.msgstr_line == 11


# -- the writer: msgcat's bytes, and the bytes read ------------------------------------------------

@needs_gettext
@pytest.mark.parametrize("path", REPO_CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_repository_catalogs_as_msgcat_writes_them(path: Path) -> None:
    data = path.read_bytes()
    catalog = parse_po(data, path)
    assert po_bytes(catalog, reformat=True) == msgcat(data)
    assert po_bytes(catalog) == data


WORDS = ["energie", "armoede", "https://example.org/a-b/c?d=e", "[^note]", "**vet**", "%s", "%(name)s",
         "{0}", "co-operation", "e.g.", "1.000,50", "20%", "€5", "(zie", "tabel)", '"quoted"', "‘single’",
         "a" * 90, "foo/bar/baz", "C:\\path", "één", "l’énergie", "x" * 30 + "-" + "y" * 30]
CHARS = list("abc xyz ABC 0189 .,;:!?-–—/()[]{}«»“”'\"\\%$€&*+=<>_|~#@\t\n\r éàüßçñ") + \
    ["\u00a0", "\u202f", "\u200b", "\u0301", "中", "文", "。", "한", "😀", "\U0001F3FB", "\u200d", "\x01"]


def generated_catalog(seed: int, charset: str = "UTF-8", codec: str = "utf-8") -> bytes:
    """A catalog of every kind of entry and string, as a careless tool would
    write it (each string on one line)."""
    rng = random.Random(seed)
    chars = [c for c in CHARS if c.encode(codec, errors="ignore").decode(codec) == c]
    words = [w for w in WORDS if w.encode(codec, errors="ignore").decode(codec) == w]

    def text(n: int) -> str:
        parts = [rng.choice(words) + " " if rng.random() < 0.6 else
                 "".join(rng.choice(chars) for _ in range(rng.randrange(1, 8))) for _ in range(n)]
        return "".join(parts)

    def quoted(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
            .replace("\t", "\\t").replace("\r", "\\r") + '"'

    lines = ['msgid ""', 'msgstr ""', f'"Content-Type: text/plain; charset={charset}\\n"',
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '"X-Long: ' + "word " * 30 + '\\n"', ""]
    seen = set()
    for _ in range(50):
        entry = []
        if rng.random() < 0.3:
            entry.append("# " + text(3).replace("\n", " ").replace("\r", " "))
        if rng.random() < 0.3:
            entry.append("#. " + text(3).replace("\n", " ").replace("\r", " "))
        if rng.random() < 0.5:
            entry.append("#: " + " ".join(f"{rng.choice(['a.md', './b/c.md', 'very/long/path/to/a/file.md'])}:"
                                          f"{rng.randrange(1, 9999)}" for _ in range(rng.randrange(1, 12))))
        flags = rng.sample(["fuzzy", "c-format", "python-format", "no-wrap", "foo", "range: 1..5",
                            "python-brace-format"], rng.randrange(0, 3))
        if flags:
            entry.append("#, " + ", ".join(flags))
        obsolete = "#~ " if rng.random() < 0.2 else ""
        if rng.random() < 0.3:
            entry.append(("#~| " if obsolete else "#| ") + "msgid " + quoted(text(rng.randrange(1, 12))))
        msgid, context = text(rng.randrange(1, 25)), text(2) if rng.random() < 0.1 else None
        if not msgid or (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        if context is not None:
            entry.append(obsolete + "msgctxt " + quoted(context))
        entry.append(obsolete + "msgid " + quoted(msgid))
        if rng.random() < 0.15:
            entry += [obsolete + "msgid_plural " + quoted(text(3)), obsolete + "msgstr[0] " + quoted(text(5)),
                      obsolete + "msgstr[1] " + quoted(text(5) if rng.random() < 0.8 else "")]
        else:
            entry.append(obsolete + "msgstr " + quoted(text(rng.randrange(0, 25)) if rng.random() < 0.85 else ""))
        lines += [*entry, ""]
    return "\n".join(lines).encode(codec)


GENERATED = [(1, "UTF-8", "utf-8"), (2, "UTF-8", "utf-8"), (3, "CP1252", "cp1252"), (4, "EUC-JP", "euc_jp")]


@needs_gettext
@pytest.mark.parametrize("seed,charset,codec", GENERATED, ids=lambda v: str(v))
def test_generated_catalogs_as_msgcat_writes_them(seed: int, charset: str, codec: str) -> None:
    data = generated_catalog(seed, charset, codec)
    gnu_form = msgcat(data)
    assert po_bytes(parse_po(data), reformat=True) == gnu_form
    # and msgcat's own output comes back unchanged, either way
    again = parse_po(gnu_form)
    assert po_bytes(again) == gnu_form == po_bytes(again, reformat=True)


def saved_by(tool: str, data: bytes) -> bytes:
    if tool == "msgcat":
        return msgcat(data)
    if tool == "polib":
        import polib
        return str(polib.pofile(data.decode("utf-8"))).encode("utf-8")
    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write
    out = io.BytesIO()
    babel_write(out, babel_read(io.BytesIO(data)), include_previous=True)
    return out.getvalue()


@pytest.mark.parametrize("tool", ["msgcat", "polib", "babel"])
@pytest.mark.parametrize("source", ["locales/fr/LC_MESSAGES/energiearmoede.po", "locales/energiearmoede.pot",
                                    "brief/locales/fr/LC_MESSAGES/brief.po", "generated"])
def test_a_catalog_saved_by_another_tool_comes_back_byte_for_byte(tool: str, source: str) -> None:
    if tool == "msgcat" and shutil.which("msgcat") is None:
        pytest.skip("GNU gettext (msgcat) is not installed")
    data = generated_catalog(5) if source == "generated" else (ROOT / source).read_bytes()
    if tool == "babel" and source == "generated":
        data = msgcat(data) if shutil.which("msgcat") else data
    saved = saved_by(tool, data)
    assert po_bytes(parse_po(saved)) == saved


def test_a_changed_entry_is_the_only_one_rewritten() -> None:
    """The sample's catalog as Babel wrapped it: one translation changed,
    only the lines of that entry change in the file (rewrapped as GNU does)."""
    path = ROOT / "locales" / "fr" / "LC_MESSAGES" / "energiearmoede.po"
    catalog = read_po(path)
    entry = max(catalog.entries, key=lambda e: len(e.msgstr))
    entry.msgstr = entry.msgstr.replace(" ", "  ", 1)
    before, after = path.read_text("utf-8").splitlines(), po_bytes(catalog).decode("utf-8").splitlines()
    first = max(i for i in range(entry.line) if before[i - 1] == "")          # blank line before it
    last = min(i for i in range(entry.line, len(before) + 1) if before[i - 1] == "")
    changes = [op for op in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    assert changes and all(first <= i1 + 1 and i2 <= last for _, i1, i2, _, _ in changes)
    assert read_po(path).entries[catalog.entries.index(entry)].msgstr != entry.msgstr
    assert parse_po(po_bytes(catalog)).entries[catalog.entries.index(entry)].msgstr == entry.msgstr


@needs_gettext
def test_references_without_line_numbers_as_msgcat_writes_them() -> None:
    data = (ROOT / "locales" / "energiearmoede.pot").read_bytes()
    catalog = parse_po(data)
    files_only = msgcat(data, "--add-location=file")
    assert po_bytes(catalog, reformat=True, locations="file") == files_only
    assert b".md:" not in po_bytes(catalog, locations="file")
    # a catalog already written so stays as it is
    assert po_bytes(parse_po(files_only), locations="file") == files_only
    assert b"#:" not in po_bytes(catalog, locations="never")


def test_entries_made_in_code_are_written_in_gnu_form() -> None:
    catalog = Catalog(Entry("", "Content-Type: text/plain; charset=UTF-8\n"),
                      [Entry("Niemand in de kou", "Personne dans le froid", references=[("b.md", 2)],
                             flags=["fuzzy"], previous_msgid="Niemand in de kou!")],
                      [Entry("Oud", "Ancien", obsolete=True), Entry("Leeg", "", obsolete=True)])
    assert po_bytes(catalog).decode() == (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: b.md:2\n#, fuzzy\n#| msgid "Niemand in de kou!"\nmsgid "Niemand in de kou"\n'
        'msgstr "Personne dans le froid"\n\n#~ msgid "Oud"\n#~ msgstr "Ancien"\n')


# -- line breaking: libunistring's, which msgcat calls ------------------------------------------------

def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    try:
        return ctypes.CDLL(name or "libunistring.so.2")
    except OSError:
        return None


def test_line_breaks_are_libunistrings() -> None:
    lib = _libunistring()
    if lib is None:
        pytest.skip("libunistring (which GNU gettext uses) is not installed")
    breaks = lib.u8_width_linebreaks
    breaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                       ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    rng = random.Random(7)
    pool = CHARS + [chr(rng.randrange(0x20, 0x3000)) for _ in range(300)] + ["\U0001F1E7", "\U0001F1EA"]
    for _ in range(600):
        text = "".join(rng.choice(pool) if rng.random() < 0.5 else rng.choice("abcdefgh ")
                       for _ in range(rng.randrange(1, 120)))
        width, start = rng.randrange(5, 80), rng.randrange(0, 10)
        for encoding, cjk in ((b"UTF-8", False), (b"EUC-JP", True)):
            raw = text.encode("utf-8")
            out = ctypes.create_string_buffer(len(raw))
            breaks(raw, len(raw), width, start, 0, None, encoding, out)
            theirs = [i for i, c in enumerate(text) if out.raw[len(text[:i].encode("utf-8"))] == POSSIBLE]
            ours = [i for i, b in enumerate(width_linebreaks(text, width, start, 0, None, cjk)) if b == POSSIBLE]
            assert ours == theirs, (text, width, start, encoding)


@needs_gettext
def test_a_backslash_at_the_end_of_a_line_joins_it_to_the_next_as_gnu_does() -> None:
    data = b'msgid "Niemand \\\nin de kou"\nmsgstr "Personne"\n\n# a note \\\ncontinued\nmsgid "q"\nmsgstr ""\n'
    catalog = parse_po(data)
    assert [(e.msgid, e.line, e.comments) for e in catalog.entries] == [
        ("Niemand in de kou", 1, []), ("q", 7, ["a note continued"])]
    assert po_bytes(catalog, reformat=True) == msgcat(data)
    assert po_bytes(catalog) == data
