"""`brief extract` and `brief update` as a translator meets them, beside GNU
gettext: the result of an update is msgmerge's, files change only when
their content does, other tools' saves survive, nothing is lost and nothing
moves to another language. (The PO files themselves, and the merge on its
own, are tested in test_po_file.py and test_po_merge.py.)"""

from __future__ import annotations

import copy
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LOCALES, SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brief
from brief import i18n, model
from brief.errors import CatalogError
from brief.i18n.merge import merge
from brief.i18n.po import Catalog, parse_po, po_bytes, read_po
from brief.render import render_html

needs = {tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"GNU gettext's {tool} is not installed")
         for tool in ("msgmerge", "msgcat", "msgfmt")}


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """A copy of the project's briefs/ and locales/: the sample brief with
    its figures and its complete catalogs, as they lie in the project."""
    shutil.copytree(SAMPLE.parent, tmp_path / "briefs")
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path


def source(workdir: Path) -> Path:
    return workdir / "briefs" / SAMPLE.name


def catalog_path(workdir: Path, lang: str) -> Path:
    return workdir / "locales" / lang / "LC_MESSAGES" / "energiearmoede.po"


def update(workdir: Path, **options) -> list[i18n.Updated]:
    return list(i18n.update(brief.load(source(workdir)), workdir / "locales", **options))


def summary(catalog: Catalog) -> list[tuple]:
    """What a translator's work is made of, entry by entry."""
    return [(e.msgctxt, e.msgid, e.msgstr, tuple(e.flags), e.previous_msgctxt, e.previous_msgid, e.obsolete)
            for e in [*catalog.entries, *catalog.obsolete]]


def edit(workdir: Path, old: str, new: str) -> None:
    path = source(workdir)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def paragraph(n: int) -> str:
    """The n-th long paragraph of the sample that calls no note (so that
    deleting it leaves no note uncalled)."""
    texts = [u.text for u in brief.load(SAMPLE).units()
             if u.kind == "paragraph" and len(u.text) > 200 and "[^" not in u.text]
    return texts[n]


# -- updates are msgmerge's --------------------------------------------------------------------

def _word(workdir: Path) -> None:
    text = paragraph(0)
    edit(workdir, text, text.replace(" een ", " één ", 1))


def _deleted(workdir: Path) -> None:
    for n in (1, 2):
        edit(workdir, paragraph(n) + "\n", "")


def _added(workdir: Path) -> None:
    edit(workdir, "# ", "Een nieuwe alinea bovenaan, nog zonder vertaling.\n\n# ")


def _moved(workdir: Path) -> None:
    text = paragraph(3)
    edit(workdir, text + "\n", "")
    edit(workdir, paragraph(0), paragraph(0) + "\n\n" + text)


def _split(workdir: Path) -> None:
    text = next(paragraph(n) for n in range(20) if paragraph(n).count(". ") >= 2)
    cut = text.index(". ", len(text) // 3) + 1
    edit(workdir, text, text[:cut] + "\n\n" + text[cut + 1:])


def _title(workdir: Path) -> None:
    edit(workdir, "# Wie valt uit de boot", "# Wie valt er uit de boot")


def _restored_with_a_change(workdir: Path) -> None:
    text = paragraph(1)
    edit(workdir, text + "\n", "")
    update(workdir)
    edit(workdir, paragraph(0), paragraph(0) + "\n\n" + text.replace(" de ", " die ", 1))


def _twice_before_review(workdir: Path) -> None:
    _word(workdir)
    update(workdir)
    text = paragraph(0).replace(" een ", " één ", 1)
    edit(workdir, text, text.replace(" het ", " dat ", 1))


SCENARIOS = {"word": _word, "deleted": _deleted, "added": _added, "moved": _moved, "split": _split,
             "title": _title, "restored-with-a-change": _restored_with_a_change,
             "twice-before-review": _twice_before_review}


@needs["msgmerge"]
@pytest.mark.parametrize("name", SCENARIOS)
def test_an_update_is_what_msgmerge_makes(workdir: Path, name: str) -> None:
    """After each edit of the brief, `brief update` gives each catalog what
    ``msgmerge --previous`` gives for the same catalog and template: the
    same entries, translations, flags, previous msgids, obsolete entries."""
    SCENARIOS[name](workdir)
    before = {lang: catalog_path(workdir, lang).read_bytes() for lang in ("fr", "en")}
    b = brief.load(source(workdir))
    pot, _ = i18n.extract(b, workdir / "locales")
    update(workdir, use_compendia=False)
    for lang, old in before.items():
        (workdir / "old.po").write_bytes(old)
        gnu = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(workdir / "old.po"), str(pot)],
                             capture_output=True, check=True).stdout
        ours = read_po(catalog_path(workdir, lang))
        assert summary(ours) == summary(parse_po(gnu)), lang


# -- nothing is rewritten when nothing changed -------------------------------------------------

def test_an_update_with_no_change_writes_nothing(workdir: Path) -> None:
    """No byte moves, no date is bumped, and the files are not even touched."""
    i18n.extract(brief.load(source(workdir)), workdir / "locales")
    files = [workdir / "locales" / "energiearmoede.pot", catalog_path(workdir, "fr"), catalog_path(workdir, "en")]
    for f in files:
        os.utime(f, (1, 1))
    _, written = i18n.extract(brief.load(source(workdir)), workdir / "locales")
    done = update(workdir)
    assert not written and not any(d.written for d in done)
    assert [f.stat().st_mtime for f in files] == [1, 1, 1]


@needs["msgcat"]
@pytest.mark.parametrize("tool", ["msgcat", "polib", "babel"])
def test_a_catalog_saved_by_another_tool_survives_an_update(workdir: Path, tool: str) -> None:
    """A catalog saved by msgcat, polib or Babel, then updated by brief with
    no change to the brief, keeps every byte of its new form."""
    path = catalog_path(workdir, "fr")
    if tool == "msgcat":
        subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    elif tool == "polib":
        import polib
        polib.pofile(str(path)).save(str(path))
    else:
        from babel.messages.pofile import read_po as babel_read
        from babel.messages.pofile import write_po as babel_write
        with path.open("rb") as f:
            catalog = babel_read(f)
        with path.open("wb") as f:
            babel_write(f, catalog, width=76)
    saved = path.read_bytes()
    update(workdir)
    assert path.read_bytes() == saved


def test_quiet_diffs_leave_line_numbers_out_and_stay_so(workdir: Path) -> None:
    """``--add-location file`` writes references without line numbers; a
    paragraph added at the top then changes one entry and the header, and
    later updates keep the catalog's way."""
    update(workdir, locations="file")
    path = catalog_path(workdir, "fr")
    text = path.read_text(encoding="utf-8")
    assert "#: briefs/energiearmoede.md\n" in text
    assert "energiearmoede.md:" not in text
    _added(workdir)
    update(workdir)
    after = path.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in text.splitlines()]
    assert len(changed) < 12, changed
    assert "energiearmoede.md:" not in after


# -- nothing lost, nothing leaked ------------------------------------------------------------------

def test_a_translation_never_moves_to_another_language(workdir: Path) -> None:
    """With translations in fr and en: a paragraph translated in fr only
    is deleted, then restored. en gets it back untranslated, never with
    the French text; fr gets its own translation back."""
    text = paragraph(1)
    fr = read_po(catalog_path(workdir, "fr"))
    en_path = catalog_path(workdir, "en")
    en = read_po(en_path)
    en.find(text).msgstr = ""
    en_path.write_bytes(po_bytes(en))
    french = fr.find(text).msgstr
    edit(workdir, text + "\n", "")
    update(workdir)
    edit(workdir, paragraph(0), paragraph(0) + "\n\n" + text)
    update(workdir)
    assert read_po(catalog_path(workdir, "fr")).find(text).msgstr == french
    back = read_po(en_path).find(text)
    assert back.msgstr != french and not back.translated


def test_a_fuzzy_entry_that_comes_back_is_still_fuzzy(workdir: Path) -> None:
    path = catalog_path(workdir, "fr")
    fr = read_po(path)
    text = paragraph(1)
    fr.find(text).fuzzy = True
    fr.find(text).comments = ["te herlezen"]
    path.write_bytes(po_bytes(fr))
    edit(workdir, text + "\n", "")
    update(workdir)
    edit(workdir, paragraph(0), paragraph(0) + "\n\n" + text)
    update(workdir)
    back = read_po(path).find(text)
    assert back.fuzzy and back.comments == ["te herlezen"] and back.msgstr == fr.find(text).msgstr


def test_a_paragraph_restored_with_a_change_is_fuzzy_with_its_old_translation(workdir: Path) -> None:
    text = paragraph(1)
    french = read_po(catalog_path(workdir, "fr")).find(text).msgstr
    _restored_with_a_change(workdir)
    update(workdir)
    entry = next(e for e in read_po(catalog_path(workdir, "fr")).entries if e.previous_msgid == text)
    assert entry.fuzzy and entry.msgstr == french


def test_header_fields_and_comments_are_kept(workdir: Path) -> None:
    path = catalog_path(workdir, "fr")
    fr = read_po(path)
    fr.set_header_field("X-Poedit-Basepath", "../../..")
    fr.set_header_field("X-Generator", "Poedit 3.4")
    fr.entries[5].comments = ["vérifier le chiffre"]
    path.write_bytes(po_bytes(fr))
    _word(workdir)
    update(workdir)
    after = read_po(path)
    assert after.header_field("X-Poedit-Basepath") == "../../.." and after.header_field("X-Generator") == "Poedit 3.4"
    assert after.find(fr.entries[5].msgid, fr.entries[5].msgctxt).comments == ["vérifier le chiffre"]


#: Edit/update cycles of the property test, in runs of `RUN` (BRIEF_EDIT_CYCLES sets another number).
CYCLES = int(os.environ.get("BRIEF_EDIT_CYCLES", "200"))
RUN = 10


@settings(max_examples=max(1, CYCLES // RUN), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["delete", "restore", "change", "add"]), st.integers(0, 10_000)),
                min_size=RUN, max_size=RUN))
def test_random_edits_lose_no_translation_and_leak_none(edits: list[tuple[str, int]]) -> None:
    """Edit the sample and update its catalogs, again and again: every
    translation ever made is still in its catalog (translated, fuzzy or
    obsolete), and no msgstr of one language appears in another's catalog.
    (The edits are made on the model and the catalogs merged in memory, as
    `brief update` merges them, so that the cycles are many.)"""
    b, catalogs = _sample_state()
    b = copy.deepcopy(b)
    catalogs = {lang: c.copy() for lang, c in catalogs.items()}
    made = {lang: {e.msgstr for e in c.entries if e.msgstr} for lang, c in catalogs.items()}
    blocks = [blocks for ch in b.chapters for blocks in [ch.blocks, *(s.blocks for s in ch.sections)]]
    removed: list[tuple[list[model.Block], model.Paragraph]] = []
    for action, n in edits:
        present = [(lst, p) for lst in blocks for p in lst
                   if isinstance(p, model.Paragraph) and "[^" not in p.text and len(p.text) > 100]
        if action == "delete" and present:
            lst, p = present[n % len(present)]
            lst.remove(p)
            removed.append((lst, p))
        elif action == "restore" and removed:
            lst, p = removed.pop(n % len(removed))
            lst.insert(n % (len(lst) + 1), p)
        elif action == "change" and present:
            p = present[n % len(present)][1]
            words = p.text.split(" ")
            words[n % len(words)] = "aangepast"
            p.text = " ".join(words)
        elif action == "add":
            blocks[n % len(blocks)].append(model.Paragraph(f"Een nieuwe alinea, nummer {n}."))
        template = i18n.template_catalog(b, LOCALES, created="2026-01-01 00:00+0000")
        for lang in catalogs:
            catalogs[lang] = merge(catalogs[lang], template).catalog
            kept = {e.msgstr for e in [*catalogs[lang].entries, *catalogs[lang].obsolete] if e.msgstr}
            assert made[lang] <= kept, f"{lang}: {len(made[lang] - kept)} translations lost"
            other = set().union(*(m for other, m in made.items() if other != lang))
            assert not (kept - made[lang]) & other, f"{lang} holds a translation of another language"


@functools.cache
def _sample_state() -> tuple[brief.Brief, dict[str, Catalog]]:
    b = brief.load(SAMPLE)
    return b, {lang: read_po(i18n.po_path(b, lang, LOCALES)) for lang in b.translations}


# -- the compendium ----------------------------------------------------------------------------

def test_a_sentence_translated_for_one_brief_is_reused_for_another(tmp_path: Path) -> None:
    """The catalogs of the other briefs in the folder are a compendium:
    a recurring sentence is translated once."""
    sentence = "Dit is een terugkerende zin over energiearmoede."
    for name in ("eerste", "tweede"):
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {name.title()}\nlang: nl\ntranslations: [fr]\n---\n\n# {name}\n\n{sentence}\n",
            encoding="utf-8")
    first = brief.load(tmp_path / "eerste.md")
    list(i18n.update(first))
    path = i18n.po_path(first, "fr")
    fr = read_po(path)
    fr.find(sentence).msgstr = "Ceci est une phrase récurrente sur la précarité énergétique."
    path.write_bytes(po_bytes(fr))
    second = brief.load(tmp_path / "tweede.md")
    list(i18n.update(second))
    reused = read_po(i18n.po_path(second, "fr")).find(sentence)
    assert reused.msgstr == fr.find(sentence).msgstr and reused.translated
    list(i18n.update(second, use_compendia=False))   # an existing translation stays
    assert read_po(i18n.po_path(second, "fr")).find(sentence).translated


# -- what a catalog is -------------------------------------------------------------------------

def test_a_syntax_error_stops_the_build_with_its_line(workdir: Path) -> None:
    """A closing quote missing is refused, as msgfmt refuses it, not read
    as a truncated translation."""
    path = catalog_path(workdir, "fr")
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 12)
    lines[at] = lines[at].rstrip('"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    b = brief.load(source(workdir))
    with pytest.raises(CatalogError) as info:
        i18n.translate(b, "fr", locales=workdir / "locales")
    assert (info.value.file, info.value.line) == (str(path), at + 1)
    with pytest.raises(CatalogError):
        update(workdir)
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0


def test_a_catalog_in_cp1252_is_updated(workdir: Path) -> None:
    """A catalog saved in Windows-1252 is read, updated and its accented
    translations kept (msgmerge writes the result in UTF-8, as brief does)."""
    path = catalog_path(workdir, "fr")
    before = read_po(path)
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=CP1252")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    accented = next(e for e in before.entries if "é" in e.msgstr and "\u202f" not in e.msgstr
                    and all(ord(c) < 256 or c in "’“”«»–" for c in e.msgstr))
    _word(workdir)
    (fr, _) = update(workdir)
    assert fr.written
    assert read_po(path).find(accented.msgid, accented.msgctxt).msgstr == accented.msgstr


#: translate-toolkit's commands, installed with the test dependencies beside this Python.
TOOLKIT = Path(sys.executable).parent


@pytest.mark.skipif(not (TOOLKIT / "po2xliff").exists(), reason="translate-toolkit is not installed")
def test_an_xliff_round_trip_prints_the_same_text(workdir: Path, tmp_path: Path) -> None:
    """po2xliff then xliff2po (translate-toolkit, which Weblate and many CAT
    tools go through; XLIFF 1.2 has no msgctxt) gives an edition with the
    same text."""
    path = catalog_path(workdir, "fr")
    b = brief.load(source(workdir))
    before = render_html(i18n.translate(b, "fr", locales=workdir / "locales").brief)
    xlf = tmp_path / "fr.xlf"
    subprocess.run([TOOLKIT / "po2xliff", "-i", path, "-o", xlf], check=True, capture_output=True)
    subprocess.run([TOOLKIT / "xliff2po", "-i", xlf, "-o", path], check=True, capture_output=True)
    after = render_html(i18n.translate(b, "fr", locales=workdir / "locales").brief)
    assert after == before


#: pofilter's checks that concern what a brief's messages carry (markup,
#: addresses, line ends, GNU gettext's own marks); its checks of style
#: ("numbers": 60.000 against 60,000; "brackets": a translator's aside) are
#: a reviewer's business, not a build's.
POFILTER_CHECKS = ["xmltags", "urls", "emails", "escapes", "newlines", "printf", "compendiumconflicts", "blank"]


def _pofilter(path: Path, out: Path) -> list[str]:
    """The msgids that translate-toolkit's pofilter flags in a catalog."""
    args = [TOOLKIT / "pofilter", "--nofuzzy", *(a for c in POFILTER_CHECKS for a in ("-t", c)), path, out]
    subprocess.run(args, check=True, capture_output=True)
    return [e.msgid for e in read_po(out).entries] if out.exists() else []


@pytest.mark.skipif(not (TOOLKIT / "pofilter").exists(), reason="translate-toolkit is not installed")
def test_pofilter_and_brief_agree_on_the_catalogs(workdir: Path, tmp_path: Path) -> None:
    """translate-toolkit's pofilter finds nothing in the sample's catalogs;
    a translation that drops a link, or adds an HTML tag, it flags, and
    brief refuses it, naming the same message."""
    b = brief.load(source(workdir))
    for lang in b.translations:
        assert _pofilter(catalog_path(workdir, lang), tmp_path / f"{lang}.po") == []
        assert brief.check.check_catalogs(b, workdir / "locales") == []
    path = catalog_path(workdir, "fr")
    catalog = read_po(path)
    linked = next(e for e in catalog.entries if "](https://" in e.msgid)
    tagged = next(e for e in catalog.entries if e.msgstr and "<" not in e.msgid and e is not linked)
    linked.msgstr = linked.msgstr.replace("[", "").split("](")[0] + "."
    tagged.msgstr = f"<b>{tagged.msgstr}</b>"
    path.write_bytes(po_bytes(catalog))
    assert sorted(_pofilter(path, tmp_path / "broken.po")) == sorted([linked.msgid, tagged.msgid])
    found = brief.check.check_catalogs(b, workdir / "locales")
    assert {p.line for p in found} == {read_po(path).find(e.msgid, e.msgctxt).msgstr_line for e in (linked, tagged)}
    assert {p.file for p in found} == {str(path)}
