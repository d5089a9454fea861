"""The merge of a catalog with its template, as ``msgmerge --previous`` does
it (brief.i18n.merge).

Each scenario edits the sample's template as an author would (a word
changed, paragraphs deleted, added, moved, split, a paragraph restored
with a change, two updates before review...), then runs both our merge and
GNU msgmerge on the same files, and compares them entry by entry and byte
for byte. msgmerge is the reference: a difference is a bug here.
"""

from __future__ import annotations

import ctypes
import difflib
import functools
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from brief.i18n.merge import FUZZY_THRESHOLD, fstrcmp, merge
from brief.i18n.po import Catalog, Entry, parse_po, po_bytes, read_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "locales" / "energiearmoede.pot"
FR = ROOT / "locales" / "fr" / "LC_MESSAGES" / "energiearmoede.po"
EN = ROOT / "locales" / "en" / "LC_MESSAGES" / "energiearmoede.po"

@functools.cache
def _read(path: Path) -> Catalog:
    return read_po(path)


def read(path: Path) -> Catalog:
    """A fresh copy of the catalog at `path` (each file is parsed once)."""
    return _read(path).copy()


needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU msgmerge is not installed")


def paragraphs(catalog: Catalog) -> list[int]:
    """Indexes of the long entries (paragraphs) of a catalog."""
    return [i for i, e in enumerate(catalog.entries) if len(e.msgid) > 300]


def one_word_changed(text: str, at: int = 0) -> str:
    words = text.split(" ")
    words[len(words) // 2 + at] = "ongeveer"
    return " ".join(words)


# -- the edits of a scenario (each takes the template and changes it) ---------------------------

def word_changed(pot: Catalog) -> None:
    entry = pot.entries[paragraphs(pot)[0]]
    entry.msgid = one_word_changed(entry.msgid)


def paragraphs_deleted(pot: Catalog) -> None:
    start = paragraphs(pot)[1]
    del pot.entries[start:start + 3]


def paragraph_added_at_the_top(pot: Catalog) -> None:
    """A new paragraph at the top of the brief: every line number after it moves."""
    for entry in pot.entries:
        entry.references = [(name, (line or 0) + 2) for name, line in entry.references]
    pot.entries.insert(1, Entry("Een nieuwe alinea, over iets heel anders dan de rest van deze tekst.",
                                extracted_comments=["paragraph"], references=[("briefs/energiearmoede.md", 5)]))


def paragraph_moved(pot: Catalog) -> None:
    pot.entries.insert(3, pot.entries.pop(paragraphs(pot)[2]))


def paragraph_split(pot: Catalog) -> None:
    at = paragraphs(pot)[3]
    text = pot.entries[at].msgid
    cut = text.index(". ", len(text) // 2) + 1
    pot.entries[at].msgid = text[:cut]
    pot.entries.insert(at + 1, Entry(text[cut + 1:]))


def title_edited(pot: Catalog) -> None:
    pot.entries[1].msgid += " — en wat eraan te doen"


def paragraph_deleted(pot: Catalog) -> None:
    del pot.entries[paragraphs(pot)[4]]


def paragraph_restored_with_a_change(pot: Catalog) -> None:
    entry = pot.entries[paragraphs(pot)[4]]
    entry.msgid = one_word_changed(entry.msgid)


def paragraph_changed_again(pot: Catalog) -> None:
    entry = pot.entries[paragraphs(pot)[0]]
    entry.msgid = one_word_changed(one_word_changed(entry.msgid), at=3)


def unchanged(pot: Catalog) -> None:
    pass


@dataclass
class Scenario:
    name: str
    steps: list[Callable[[Catalog], None]]     # template edits, each on the original, one update each
    definitions: Callable[[Catalog], None] | None = None
    compendium: Callable[[Catalog, Catalog], Catalog] | None = None
    files: tuple[Path, Path] = (FR, POT)
    expect: Callable[[list[Catalog]], None] | None = None


def _fuzzy_translator_note(po: Catalog) -> None:
    """The translator left a paragraph fuzzy, with a note."""
    entry = po.entries[paragraphs(po)[4]]
    entry.fuzzy = True
    entry.comments.append("te herlezen")


def _without_five(po: Catalog) -> None:
    del po.entries[10:15]


def _compendium_of_five(po: Catalog, pot: Catalog) -> Catalog:
    """A compendium that has the five translations the catalog lacks (one of
    them for an older wording), and another language's header."""
    source = read(FR)
    comp = Catalog(source.header.copy() if source.header else None, [e.copy() for e in source.entries[10:15]])
    comp.entries[2].msgid = one_word_changed(comp.entries[2].msgid)
    return comp


def _restored_fuzzy(results: list[Catalog]) -> None:
    deleted, restored = results
    original = read(FR).entries[paragraphs(read(FR))[4]]
    assert any(e.msgid == original.msgid and e.fuzzy for e in deleted.obsolete)
    entry = restored.index()[(None, original.msgid)]
    assert entry.fuzzy and entry.msgstr == original.msgstr and entry.comments == ["te herlezen"]


def _fuzzy_from_obsolete(results: list[Catalog]) -> None:
    deleted, restored = results
    original = read(FR).entries[paragraphs(read(FR))[4]]
    [entry] = [e for e in restored.entries if e.previous_msgid == original.msgid]
    assert entry.fuzzy and entry.msgstr == original.msgstr and entry.msgid != original.msgid


def _previous_kept(results: list[Catalog]) -> None:
    first, second = results
    original = read(POT).entries[paragraphs(read(POT))[0]].msgid
    [entry] = [e for e in second.entries if e.previous_msgid is not None]
    assert entry.fuzzy and entry.previous_msgid == original and entry.msgid != original


SCENARIOS = [
    Scenario("unchanged", [unchanged]),
    Scenario("word changed", [word_changed]),
    Scenario("paragraphs deleted", [paragraphs_deleted]),
    Scenario("paragraph added at the top", [paragraph_added_at_the_top]),
    Scenario("paragraph moved", [paragraph_moved]),
    Scenario("paragraph split", [paragraph_split]),
    Scenario("title edited", [title_edited]),
    Scenario("deleted, then restored with a change", [paragraph_deleted, paragraph_restored_with_a_change],
             expect=_fuzzy_from_obsolete),
    Scenario("two updates before review", [word_changed, paragraph_changed_again], expect=_previous_kept),
    Scenario("an obsolete fuzzy entry comes back", [paragraph_deleted, unchanged],
             definitions=_fuzzy_translator_note, expect=_restored_fuzzy),
    Scenario("compendium", [word_changed], definitions=_without_five, compendium=_compendium_of_five),
    Scenario("CP1252 catalog, UTF-8 template", [unchanged],
             files=(ROOT / "tests" / "fixtures" / "po" / "cp1252.po", POT)),
    Scenario("plural forms", [lambda pot: setattr(pot.find("Author"), "msgid_plural", "Authors and editors")],
             files=(ROOT / "brief" / "locales" / "fr" / "LC_MESSAGES" / "brief.po",
                    ROOT / "brief" / "locales" / "brief.pot")),
]


def msgmerge(definitions: Path, template: Path, compendium: Path | None) -> bytes:
    args = ["msgmerge", "--previous", "--quiet"]
    if compendium is not None:
        args.append(f"--compendium={compendium}")
    done = subprocess.run([*args, str(definitions), str(template)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def summary(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a merge decides, entry by entry (obsolete entries without a
    translation are left out: GNU does not write them)."""
    entries = ([catalog.header] if catalog.header else []) + catalog.entries + \
        [e for e in catalog.obsolete if e.has_translation]
    return [(e.msgctxt, e.msgid, e.msgid_plural, tuple(e.translations), e.fuzzy and e.has_translation,
             e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural, e.obsolete, tuple(e.comments),
             tuple(e.extracted_comments), tuple(e.references)) for e in entries]


@needs_msgmerge
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_merge_as_msgmerge_does(scenario: Scenario, tmp_path: Path) -> None:
    po_path, pot_path = scenario.files
    definitions, pot = read(po_path), read(pot_path)
    if scenario.definitions is not None:
        scenario.definitions(definitions)
    compendium = compendium_path = None
    if scenario.compendium is not None:
        compendium = scenario.compendium(definitions, pot)
        compendium_path = tmp_path / "compendium.po"
        compendium_path.write_bytes(po_bytes(compendium))
    ours, theirs = definitions, tmp_path / "definitions.po"
    theirs.write_bytes(po_bytes(definitions))
    template = pot
    results = []
    for step, edit in enumerate(scenario.steps):
        template = pot.copy()
        edit(template)
        template_path = tmp_path / f"template{step}.pot"
        template_path.write_bytes(po_bytes(template))
        merged = merge(ours, read_po(template_path), compendia=[compendium] if compendium else ())
        gnu = msgmerge(theirs, template_path, compendium_path)
        assert summary(merged.catalog) == summary(parse_po(gnu))
        assert po_bytes(merged.catalog, reformat=True) == gnu
        # the next update reads what this one wrote (its #| lines included)
        ours, theirs = parse_po(po_bytes(merged.catalog)), tmp_path / f"merged{step}.po"
        theirs.write_bytes(gnu)
        results.append(merged.catalog)
    if scenario.expect is not None:
        scenario.expect(results)


# -- what the merge promises beyond msgmerge's output ---------------------------------------------

def test_a_translation_never_leaks_into_another_language() -> None:
    """With translations: [fr, en]; a paragraph translated in fr
    only is deleted from the source, then restored. en must not get the
    French text, and fr gets its own translation back."""
    pot = read(POT)
    target = pot.entries[paragraphs(pot)[0]].msgid
    fr, en = read(FR), read(EN)
    en_entry = en.index()[(None, target)]
    en_entry.msgstr = ""
    without = pot.copy()
    without.entries = [e for e in without.entries if e.msgid != target]
    fr, en = merge(fr, without).catalog, merge(en, without).catalog
    fr, en = merge(fr, pot).catalog, merge(en, pot).catalog
    assert en.index()[(None, target)].msgstr == ""
    assert fr.index()[(None, target)].msgstr == read(FR).index()[(None, target)].msgstr
    assert not fr.index()[(None, target)].fuzzy


def _objects(catalog: Catalog) -> set[int]:
    entries = ([catalog.header] if catalog.header else []) + catalog.entries + catalog.obsolete
    return {id(x) for e in entries for x in (e, e.msgstr_plural, e.comments, e.extracted_comments,
                                              e.references, e.flags)}


def test_the_result_shares_no_object_with_its_inputs() -> None:
    definitions, template, compendium = read(FR), read(POT), read(EN)
    word_changed(template)
    before = [po_bytes(c) for c in (definitions, template, compendium)]
    result = merge(definitions, template, compendia=[compendium]).catalog
    assert not _objects(result) & (_objects(definitions) | _objects(template) | _objects(compendium))
    assert [po_bytes(c) for c in (definitions, template, compendium)] == before


def test_nothing_to_write_when_nothing_changed() -> None:
    """A second update with the same template changes nothing: the caller
    writes nothing, and no date moves. (The catalog starts as Babel writes
    it: the first merge puts its header in GNU's order, once.)"""
    import io

    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write
    out = io.BytesIO()
    babel_write(out, babel_read(io.BytesIO(FR.read_bytes())), width=76)
    first = merge(parse_po(out.getvalue()), read(POT))
    assert first.changed and not first.entries_changed
    second = merge(first.catalog, read(POT))
    assert not second.changed and not second.entries_changed
    assert po_bytes(second.catalog) == po_bytes(first.catalog)
    assert first.catalog.header_field("PO-Revision-Date") == parse_po(out.getvalue()).header_field("PO-Revision-Date")
    pot = read(POT)
    pot.set_header_field("POT-Creation-Date", "2027-01-01 00:00+0000")
    third = merge(first.catalog, pot)
    assert third.changed and not third.entries_changed
    word_changed(pot)
    assert merge(first.catalog, pot).entries_changed


def test_unchanged_entries_keep_their_text() -> None:
    """Entries the merge leaves alone are written as they were read (here,
    as Babel wrapped them): the file's diff shows only what the merge did."""
    template = read(POT)
    word_changed(template)
    result = merge(read(FR), template)
    assert result.exact + result.fuzzy == len(read(FR).entries) + 1 and result.fuzzy == 1   # + header
    written = po_bytes(result.catalog).decode()
    kept = [e for e in read(FR).entries if e.msgid != template.entries[paragraphs(template)[0]].msgid]
    assert sum(1 for e in kept if e._text is not None and e._text in written) == len(kept) - 1


def changed_lines(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """The lines a diff removes and adds."""
    removed: list[str] = []
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            removed += before[i1:i2]
            added += after[j1:j2]
    return removed, added


def test_new_line_numbers_change_the_reference_lines_only() -> None:
    """A paragraph added at the top of the brief moves every line number:
    each entry's #: line changes, and nothing else of it (its strings keep
    the wrapping they were read with, Babel's here, where msgmerge rewraps
    all of them)."""
    template = read(POT)
    paragraph_added_at_the_top(template)
    merged = merge(read(FR), template)
    old = {e.key: e for e in read(FR).entries}
    kept = [e for e in merged.catalog.entries if e.key in old]
    assert len(kept) == len(old)
    for entry in kept:
        was = old[entry.key]._text.splitlines()     # type: ignore[union-attr]
        now = po_bytes(Catalog(None, [entry])).decode().splitlines()
        assert [line for line in now if not line.startswith("#:")] == \
            [line for line in was if not line.startswith("#:")]
        assert [line for line in now if line.startswith("#:")] != [line for line in was if line.startswith("#:")]
    written = po_bytes(merged.catalog).decode()
    assert all(entry._body in written for entry in kept)


def test_quiet_diffs_without_line_numbers() -> None:
    """With references written without line numbers, a
    paragraph added at the top of the brief changes the catalog by that
    entry (and the header's date) only, not by every #: line."""
    definitions = parse_po(po_bytes(read(FR), reformat=True, locations="file"))
    template = read(POT)
    paragraph_added_at_the_top(template)
    template.set_header_field("POT-Creation-Date", "2027-01-01 00:00+0000")
    merged = merge(definitions, template)
    before = po_bytes(definitions, locations="file").decode().splitlines()
    after = po_bytes(merged.catalog, locations="file").decode().splitlines()
    new = [e for e in merged.catalog.entries if e.msgid == template.entries[1].msgid]
    assert len(new) == 1 and merged.new == 1
    header_lines = {line for line in before + after if line.startswith('"')} - \
        {line for e in definitions.entries for line in (e._text or "").splitlines()}
    entry_lines = set(po_bytes(Catalog(None, new), locations="file").decode().splitlines())
    removed, added = changed_lines(before, after)
    assert removed and added
    assert set(removed) <= header_lines and set(added) <= header_lines | entry_lines | {""}
    assert len(added) < 20


# -- fstrcmp, GNU's similarity --------------------------------------------------------------------------

def _gnu_fstrcmp() -> Callable[[bytes, bytes, float], float] | None:
    for name in ("libgettextlib-0.21.so", "libgettextlib.so"):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        fn = lib.fstrcmp_bounded
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_double]
        fn.restype = ctypes.c_double
        return lambda a, b, bound: float(fn(a, b, bound))
    return None


def test_fstrcmp_is_gnus() -> None:
    gnu = _gnu_fstrcmp()
    if gnu is None:
        pytest.skip("GNU gettext's libgettextlib is not installed")
    rng = random.Random(3)
    texts = [e.msgid for e in read(POT).entries if e.msgid]
    pairs = [(a, one_word_changed(a, rng.randrange(-3, 3))) for a in texts if len(a.split(" ")) > 8]
    pairs += [(rng.choice(texts), rng.choice(texts)) for _ in range(150)]
    pairs += [("Noot", "Nota"), ("a", "ab"), ("", ""), ("", "x"), ("énergie", "energie")]
    for a, b in pairs:
        for bound in (0.0, FUZZY_THRESHOLD, 0.9):
            x, y = a.encode(), b.encode()
            assert fstrcmp(x, y, bound) == gnu(x, y, bound), (a, b, bound)


def test_fstrcmp_measures_the_common_share() -> None:
    assert fstrcmp(b"abcd", b"abcd") == 1.0
    assert fstrcmp(b"abcd", b"abce") == 0.75        # 3 of 4 in common: 2 * 3 / 8
    assert fstrcmp(b"", b"abc") == 0.0
    assert fstrcmp(b"abc", b"xyz", FUZZY_THRESHOLD) < FUZZY_THRESHOLD
