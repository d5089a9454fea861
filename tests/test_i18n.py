"""Editions from gettext catalogs: extract, update, stats, build, and the
promise that nothing a translator wrote is lost."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import LOCALES, ROOT, SAMPLE
from helpers import page_texts
from pypdf import PdfReader

import brief
from brief import Options, build, i18n
from brief.cli import main
from brief.errors import BriefError, CatalogError
from brief.i18n.catalog import keyed_units
from brief.i18n.po import Catalog, po_bytes, read_po
from brief.render import render_html

FR_TITLE = "Ne laisser personne dans le froid"
EN_TITLE = "No one left out in the cold"


def pdf_text(path: Path) -> str:
    """The text of a PDF, lines joined by spaces (no-break spaces are kept)."""
    return re.sub(r"[ \n]+", " ", "\n".join(page_texts(path)))


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """A copy of the sample brief with its figures and its complete catalogs."""
    for f in SAMPLE.parent.glob("energiearmoede*"):
        shutil.copy(f, tmp_path)
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path


def po(workdir: Path, lang: str) -> tuple[Path, Catalog]:
    path = workdir / "locales" / lang / "LC_MESSAGES" / "energiearmoede.po"
    return path, read_po(path)


def save(path: Path, catalog: Catalog) -> None:
    path.write_bytes(po_bytes(catalog))


def msgstr_line(path: Path, msgid: str) -> int:
    """The line of a message's msgstr in the file: where a translator fixes it."""
    entry = read_po(path).find(msgid)
    assert entry is not None
    return entry.msgstr_line


# -- extraction ---------------------------------------------------------------------

def test_template_has_one_message_per_unit_with_role_and_location():
    b = brief.load(SAMPLE)
    catalog = i18n.template_catalog(b, LOCALES)
    ids = [m.msgid for m in catalog]
    texts = [u.text for u in b.units()]
    assert set(ids) == set(texts)
    title = catalog.find(b.title)
    assert title.extracted_comments == ["title"]
    assert title.references == [("briefs/energiearmoede.md", 2)]
    quote = next(m for m in catalog if any(c.startswith("pull quote") for c in m.extracted_comments))
    assert quote.extracted_comments[0].startswith("pull quote, chapter ")
    note = next(m for m in catalog if m.extracted_comments[0].startswith("note 7,"))
    assert "[^" in note.extracted_comments[0]


def test_msgid_keeps_inline_markdown_and_note_calls():
    b = brief.load(SAMPLE)
    ids = [m.msgid for m in i18n.template_catalog(b, LOCALES)]
    assert any("**Gemeten energiearmoede**" in i for i in ids)
    assert any("[^*energiearmoede]" in i for i in ids)
    assert any("](https://www.kbs-frb.be/nl)" in i for i in ids)


def test_identical_texts_in_different_roles_get_a_context(tmp_path):
    src = tmp_path / "twice.md"
    src.write_text("---\ntitle: Wonen\nlang: nl\ntranslations: [fr]\n---\n\n# Wonen\n\nTekst.\n\n"
                   "::: pullquote\nTekst.\n:::\n", encoding="utf-8")
    catalog = i18n.template_catalog(brief.load(src), tmp_path / "locales")
    contexts = sorted((m.msgid, m.msgctxt or "") for m in catalog)
    assert contexts == [("Tekst.", "paragraph"), ("Tekst.", "pull quote"),
                        ("Wonen", "chapter title"), ("Wonen", "title")]


def test_extract_and_update_commands_write_catalogs(tmp_path, capsys):
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    shutil.copy(SAMPLE.with_name("energiearmoede-figuur.svg"), tmp_path)
    locales = tmp_path / "loc"
    assert main(["extract", str(tmp_path / SAMPLE.name), "--locales", str(locales)]) == 0
    assert (locales / "energiearmoede.pot").is_file()
    assert main(["update", str(tmp_path / SAMPLE.name), "--locales", str(locales)]) == 0
    for lang in ("fr", "en"):
        path = locales / lang / "LC_MESSAGES" / "energiearmoede.po"
        catalog = read_po(path)
        assert len(catalog) == len(keyed_units(brief.load(SAMPLE)))
        assert all(not m.msgstr for m in catalog)
        assert catalog.header_field("Language") == lang and "nplurals=" in catalog.header_field("Plural-Forms")
        msgfmt_check(path)
    out = capsys.readouterr().out
    assert "created" in out


# -- never lose work ------------------------------------------------------------------

def edit_source(workdir: Path) -> tuple[str, str, str]:
    """Change one paragraph, replace a list item by a new one; return the
    changed paragraph's old text, the removed item and the new item."""
    path = workdir / SAMPLE.name
    text = path.read_text(encoding="utf-8")
    changed = "De winter van 2022 heeft het voor iedereen zichtbaar gemaakt."
    removed = "het huidige beleid en zijn blinde vlekken;"
    new = "Een gloednieuwe alinea over isolatie, zonder vertaling."
    b = brief.load(path)
    old_changed = next(u.text for u in b.units() if u.text.startswith(changed))
    assert removed in [u.text for u in b.units()]
    text = text.replace(changed, "De winter van 2022 maakte het voor iedereen zichtbaar.")
    text = text.replace(f"- {removed}\n", f"- {new}\n")
    path.write_text(text, encoding="utf-8")
    return old_changed, removed, new


def test_update_after_an_edit_keeps_every_translation(workdir):
    _, before = po(workdir, "fr")
    old_changed, old_removed, new = edit_source(workdir)
    old_changed_fr = before.find(old_changed).msgstr
    old_removed_fr = before.find(old_removed).msgstr
    assert main(["update", str(workdir / SAMPLE.name), "--locales", str(workdir / "locales")]) == 0
    path, after = po(workdir, "fr")
    changed = after.find(old_changed.replace("heeft het voor iedereen zichtbaar gemaakt",
                                             "maakte het voor iedereen zichtbaar"))
    assert changed is not None and changed.fuzzy and changed.previous_msgid == old_changed
    assert changed.msgstr == old_changed_fr, "the old translation is kept, marked fuzzy"
    obsolete = {e.msgid: e for e in after.obsolete}
    assert old_removed in obsolete, "a removed message stays, as obsolete"
    assert obsolete[old_removed].msgstr == old_removed_fr
    fresh = after.find(new)
    assert fresh is not None and not fresh.msgstr
    assert "#~ msgid" in path.read_text(encoding="utf-8")
    msgfmt_check(path)


def test_fuzzy_and_untranslated_fall_back_to_the_source(workdir, capsys):
    edit_source(workdir)
    main(["update", str(workdir / SAMPLE.name), "--locales", str(workdir / "locales")])
    edition = i18n.translate(brief.load(workdir / SAMPLE.name), "fr", locales=workdir / "locales")
    assert edition.counts.fuzzy == 1 and edition.counts.untranslated == 1
    texts = [u.text for u in edition.brief.units()]
    assert "Een gloednieuwe alinea over isolatie, zonder vertaling." in texts
    assert any(t.startswith("De winter van 2022 maakte") for t in texts), "fuzzy → source text"
    assert edition.brief.title == FR_TITLE
    assert "2 in the source language (1 fuzzy, 1 untranslated)" in edition.summary()


def test_min_translated_skips_a_thin_edition_and_builds_the_others(workdir):
    """Below the minimum, an edition is skipped, named with its share; the
    complete ones are built. The front matter's minimum, or the option's."""
    edit_source(workdir)
    src = workdir / SAMPLE.name
    main(["update", str(src), "--locales", str(workdir / "locales")])
    b = brief.load(src)
    fr = i18n.stats(b, workdir / "locales")["fr"]
    assert 0 < fr.percent < 100
    options = Options(out=workdir / "out", locales=workdir / "locales", check=False,
                      langs=("fr",), min_translated=(fr.percent + 100) / 2)
    (skipped,) = build.build(b, options)
    assert isinstance(skipped, build.Skipped) and skipped.lang == "fr"
    assert f"{fr.percent:.1f}%" in skipped.line() and skipped.catalog == i18n.po_path(b, "fr", workdir / "locales")
    assert not (workdir / "out" / "energiearmoede-fr.pdf").exists()
    with pytest.raises(CatalogError) as e:
        build.write_edition(b, workdir / "x.pdf", "fr", options=options)
    assert e.value.file.endswith("fr/LC_MESSAGES/energiearmoede.po")
    # The same from the front matter; an option below the share lets it through.
    src.write_text(src.read_text(encoding="utf-8").replace(
        "lang: nl\n", f"lang: nl\nmin_translated: {(fr.percent + 100) / 2}\n"), encoding="utf-8")
    assert isinstance(next(build.build(brief.load(src), options.replace(min_translated=None))), build.Skipped)


def test_missing_catalog_is_a_clear_error(tmp_path):
    src = tmp_path / "x.md"
    src.write_text("---\ntitle: X\nlang: nl\ntranslations: [fr]\n---\n\n# A\n\nB.\n", encoding="utf-8")
    with pytest.raises(BriefError) as e:
        i18n.translate(brief.load(src), "fr", locales=tmp_path / "locales")
    assert "brief update" in str(e.value)


# -- broken translations -------------------------------------------------------------

BROKEN = [
    ("drop", lambda s: s.replace("[^creg-prijzen2022]", ""), "drops the note call [^creg-prijzen2022]"),
    ("add", lambda s: s + "[^kbs-regio]", "adds the note call [^kbs-regio]"),
    ("rename", lambda s: s.replace("[^creg-prijzen2022]", "[^creg-prix]"),
     "note call [^creg-prix] should be [^creg-prijzen2022]"),
    ("html", lambda s: s.replace("2022", "<b>2022</b>", 1), "carries raw HTML <b>"),
]


@pytest.mark.parametrize("name,damage,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_translation_fails_with_po_file_and_line(workdir, name, damage, message):
    path, catalog = po(workdir, "fr")
    msg = next(m for m in catalog if "[^creg-prijzen2022]" in m.msgid)
    msg.msgstr = damage(msg.msgstr)
    save(path, catalog)
    line = msgstr_line(path, msg.msgid)
    with pytest.raises(BriefError) as e:
        i18n.translate(brief.load(workdir / SAMPLE.name), "fr", locales=workdir / "locales")
    assert e.value.file == str(path) and e.value.line == line
    assert message in str(e.value)
    assert 'translation of "De winter van 2022' in str(e.value)


def test_broken_markup_is_caught(workdir):
    path, catalog = po(workdir, "fr")
    msg = next(m for m in catalog if "**Gemeten energiearmoede**" in m.msgid)
    msg.msgstr = msg.msgstr.replace("**", "", 1)
    save(path, catalog)
    with pytest.raises(BriefError) as e:
        i18n.translate(brief.load(workdir / SAMPLE.name), "fr", locales=workdir / "locales")
    assert "breaks the inline markup" in str(e.value)
    assert e.value.line == msgstr_line(path, msg.msgid)


def test_the_cli_prints_one_line_for_a_broken_translation(workdir, capsys):
    path, catalog = po(workdir, "en")
    msg = next(m for m in catalog if "[^creg-prijzen2022]" in m.msgid)
    msg.msgstr = msg.msgstr.replace("[^creg-prijzen2022]", "")
    save(path, catalog)
    code = main(["build", str(workdir / SAMPLE.name), "--lang", "en", "--out", str(workdir / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith(f"brief: {path}:")
    assert not (workdir / "o" / "energiearmoede-en.pdf").exists()


@pytest.mark.parametrize("msgid,msgstr,ok", [
    ("Een **vet** woord.[^a]", "A **bold** word.[^a]", True),
    ("Een *schuin* woord.", "An *italic* word.", True),
    ("Zie [de site](https://x.be).", "See [the site](https://x.be/en).", True),
    ("Een **vet** woord.", "A **bold word.", False),
    ("Een woord.", "A <i>word</i>.", False),
    ("Twee[^a] noten[^b].", "Two notes[^b][^a].", True),
    ("Een noot[^a].", "A note[^a][^a].", False),
])
def test_check_translation(msgid, msgstr, ok):
    assert (i18n.check_translation(msgid, msgstr) == []) is ok


# -- each edition in its own language ---------------------------------------------------

def test_three_editions_are_each_in_their_language(sample_pdfs):
    for lang, title, words in (("nl", "Niemand in de kou", "Verantwoordelijke uitgever"),
                               ("fr", FR_TITLE, "Éditeur responsable"),
                               ("en", EN_TITLE, "Responsible publisher")):
        reader = PdfReader(sample_pdfs[lang])
        text = pdf_text(sample_pdfs[lang])
        assert title in text and words in text
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert reader.metadata.title == title
        assert f"<rdf:li>{lang}</rdf:li>" in reader.xmp_metadata.stream.get_data().decode()


def test_dates_per_locale(tmp_path):
    b = brief.Brief(title="T", lang="nl", translations=["fr", "en"], date=datetime.date(2017, 9, 15))
    b.chapter("A").paragraph("B.")
    assert "15 september 2017" in b.render_html()
    for lang, date in (("fr", "15 septembre 2017"), ("en", "15 September 2017")):
        edition = b.translated(lambda u: u.text)
        edition.lang = lang
        assert date in edition.render_html()


def test_sample_dates_in_the_pdfs(sample_pdfs):
    assert "15 oktober 2026" in pdf_text(sample_pdfs["nl"])
    assert "15 octobre 2026" in pdf_text(sample_pdfs["fr"])
    assert "15 October 2026" in pdf_text(sample_pdfs["en"])


def test_french_quotes_and_spacing_in_the_french_pdf(sample_pdfs):
    text = pdf_text(sample_pdfs["fr"])
    assert "«\u00a0" in text and "\u00a0»" in text, "guillemets with no-break spaces inside"
    assert '"' not in text, "no straight quotes left"
    assert "\u00a0:" in text, "no-break space before a colon"
    assert "\u202f?" in text or "\u202f;" in text or "\u202f!" in text, "narrow no-break space"
    for bad in (" :", " ;", " ?", " !"):
        assert bad not in text, f"an ordinary space before {bad.strip()}"


def test_dutch_and_english_quotes(sample_pdfs):
    for lang in ("nl", "en"):
        text = pdf_text(sample_pdfs[lang])
        assert "“" in text and "”" in text
        assert '"' not in text


def test_hyphenation_follows_the_edition_language(sample_pdfs):
    """WeasyPrint hyphenates with pyphen from <html lang>: the French edition
    breaks French words, not Dutch ones."""
    from brief.render import render_html
    b = brief.load(SAMPLE)
    fr = i18n.translate(b, "fr", locales=LOCALES).brief
    assert '<html lang="fr">' in render_html(fr)
    assert '<html lang="nl">' in render_html(b)


# -- statistics and the catalogs on disk ---------------------------------------------------

def test_stats_counts_messages_and_words(workdir, capsys):
    edit_source(workdir)
    src = workdir / SAMPLE.name
    main(["update", str(src), "--locales", str(workdir / "locales")])
    b = brief.load(src)
    counts = i18n.stats(b, workdir / "locales")
    messages = len(keyed_units(b))
    assert counts["fr"].fuzzy == 1 and counts["fr"].untranslated == 1
    assert counts["fr"].translated == messages - 2
    changed = next(u.text for u in b.units() if u.text.startswith("De winter van 2022 maakte"))
    new = "Een gloednieuwe alinea over isolatie, zonder vertaling."
    assert counts["fr"].words_untranslated == len(new.split()) and counts["fr"].words_fuzzy == len(changed.split())
    assert main(["stats", str(src), "--locales", str(workdir / "locales")]) == 0
    out = capsys.readouterr().out
    assert f"{100 * (messages - 2) / messages:.1f}%" in out


def msgfmt_check(path: Path) -> None:
    assert shutil.which("msgfmt"), "GNU gettext's msgfmt is installed by make setup"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", sorted(ROOT.glob("locales/**/*.po")) + sorted(ROOT.glob("brief/locales/**/*.po")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_check_passes_on_every_catalog(path):
    msgfmt_check(path)


def test_sample_catalogs_are_complete():
    counts = i18n.stats(brief.load(SAMPLE), LOCALES)
    assert {lang: c.percent for lang, c in counts.items()} == {"fr": 100.0, "en": 100.0}


def test_template_words_are_extracted_and_translated_in_three_languages():
    """Babel's Jinja2 extractor finds the templates' words; the shipped POT
    holds exactly those, and nl, fr and en translate every one."""
    from babel.messages.extract import extract_from_dir
    found = {msg[2] if isinstance(msg[2], str) else msg[2][0]
             for msg in extract_from_dir(str(ROOT / "brief" / "templates"),
                                         method_map=[("**.html", "jinja2")],
                                         options_map={"**.html": {"extensions": "jinja2.ext.i18n"}})}
    pot = read_po(ROOT / "brief" / "locales" / "brief.pot")
    assert found and found == {m.msgid for m in pot}
    for lang in ("nl", "fr", "en"):
        catalog = read_po(ROOT / "brief" / "locales" / lang / "LC_MESSAGES" / "brief.po")
        done = {m.msgid for m in catalog if m.translated}
        assert done == found, "every message, and every plural form, translated"
    assert i18n.template_translations("fr").gettext("Responsible publisher") == "Éditeur responsable"
    assert i18n.template_translations("nl-BE").gettext("Notes") == "Noten"
    assert i18n.template_translations("fr").ngettext("Author", "Authors", 2) == "Auteurs"


def test_every_broken_translation_is_reported_at_once(workdir):
    """A translator who broke three messages learns of all three in one
    run, each with its PO line, in the order of the file."""
    path, catalog = po(workdir, "fr")
    broken = [m for m in catalog if "[^" in m.msgid and m.msgstr][:3]
    for msg in broken:
        msg.msgstr = msg.msgstr.replace("[^", "[^x")
    save(path, catalog)
    lines = sorted(msgstr_line(path, m.msgid) for m in broken)
    with pytest.raises(CatalogError) as e:
        i18n.translate(brief.load(workdir / SAMPLE.name), "fr", locales=workdir / "locales")
    assert [(p.file, p.line) for p in e.value.problems] == [(str(path), line) for line in lines]


def test_fallback_text_keeps_its_own_language(workdir):
    """An untranslated paragraph in the French edition is Dutch: it is
    marked lang="nl" (hyphenation, screen readers) and gets Dutch quotes,
    not French guillemets and spaces."""
    src = workdir / SAMPLE.name
    new = 'Een "nieuwe" alinea: zonder vertaling.'
    src.write_text(src.read_text(encoding="utf-8").replace(
        "- het huidige beleid en zijn blinde vlekken;\n", f"- {new}\n"), encoding="utf-8")
    main(["update", str(src), "--locales", str(workdir / "locales")])
    fr = i18n.translate(brief.load(src), "fr", locales=workdir / "locales")
    html = render_html(fr.brief)
    assert '<span lang="nl">Een “nieuwe” alinea: zonder vertaling.</span>' in html
    assert "«" in html, "the French text around it keeps French quotes"
    assert fr.counts.fell_back == 1


def test_a_figure_takes_the_version_of_its_edition(sample_editions):
    """chart.fr.svg beside chart.svg is the French edition's figure; an
    edition without a version of its own keeps the source's, and the check
    warns when that figure holds words."""
    from brief.check import check_figures
    for lang, edition in sample_editions.items():
        srcs = [f.src for f in edition.figures()]
        assert srcs and all(s.endswith(f".{lang}.svg") == (lang != "nl") for s in srcs), srcs
        assert check_figures(edition) == []


def test_a_figure_with_words_and_no_version_is_a_warning(tmp_path):
    import shutil

    from brief.check import check_figures
    shutil.copy(SAMPLE, tmp_path)
    shutil.copy(SAMPLE.with_name("energiearmoede-figuur.svg"), tmp_path)
    b = brief.load(tmp_path / SAMPLE.name)
    fr = i18n.translate(b, "fr", locales=LOCALES).brief
    (warning,) = check_figures(fr)
    assert warning.code == "figure-language" and warning.severity == "warning"
    assert "energiearmoede-figuur.fr.svg" in warning.message
    assert (warning.file, warning.line) == (str(tmp_path / SAMPLE.name), b.figures()[0].loc.line)
