"""Tables: GFM pipe tables with a caption, read into the model, each cell a
message of the catalogs, rendered with a repeated header row and scoped
header cells, and accepted by veraPDF as PDF/UA-1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import html_root, text_of

import brief
from brief import model
from brief.i18n.catalog import template_catalog
from brief.render import body_runs, column_aligns

HEAD = "---\ntitle: Tabellen\nlang: nl\n---\n\n# Cijfers\n\n"

TABLE = """\
Table: Aandeel per gewest, 2024[^bron]

| Gewest | Gezinnen | Aandeel | Opmerking |
|:-------|----------|--------:|-----------|
| Vlaanderen | 2 900 000 | 14,2 % | **laag** |
| Brussel | 550 000 | 27 % | hoog |

[^bron]: KBS, *Barometer*, 2025.
"""

ROW_HEADERS = """\
|  | 2015 | 2024 |
|---|---|---|
| Gemeten | 10 | 12 |
| Verborgen | 4 | 5 |

: Vormen van energiearmoede
"""


def write(folder: Path, text: str, name: str = "brief.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def the_table(b: model.Brief) -> model.Table:
    tables = [blk for blk in b.every_block() if isinstance(blk, model.Table)]
    assert len(tables) == 1
    return tables[0]


def test_pipe_table_is_read_with_its_caption_cells_and_alignment(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + TABLE)
    t = the_table(brief.load(path))
    assert [c.text for c in t.head] == ["Gewest", "Gezinnen", "Aandeel", "Opmerking"]
    assert [[c.text for c in row] for row in t.rows] == [
        ["Vlaanderen", "2 900 000", "14,2 %", "**laag**"], ["Brussel", "550 000", "27 %", "hoog"]]
    assert t.align == ["left", None, "right", None]
    assert t.caption == "Aandeel per gewest, 2024[^bron]"
    assert not t.row_headers
    lines = path.read_text(encoding="utf-8").splitlines()
    assert t.loc is not None and lines[t.loc.line - 1].startswith("| Gewest")
    assert t.rows[1][0].loc is not None and lines[t.rows[1][0].loc.line - 1].startswith("| Brussel")


def test_caption_after_the_table_and_row_headers(tmp_path: Path) -> None:
    """``: caption`` after the table is its caption too; an empty top-left
    cell makes the first column the rows' headings."""
    t = the_table(brief.load(write(tmp_path, HEAD + ROW_HEADERS)))
    assert t.caption == "Vormen van energiearmoede"
    assert t.row_headers
    assert [row[0].text for row in t.rows] == ["Gemeten", "Verborgen"]


def test_a_paragraph_that_is_not_a_caption_stays_a_paragraph(tmp_path: Path) -> None:
    b = brief.load(write(tmp_path, HEAD + "Tekst: gewoon.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNa de tabel.\n"))
    kinds = [type(blk).__name__ for blk in b.chapters[0].blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    assert the_table(b).caption == ""


def test_each_cell_and_the_caption_are_units(tmp_path: Path) -> None:
    """A translator sees every cell and the caption; the catalog has them,
    and a note called in the caption counts as called."""
    b = brief.load(write(tmp_path, HEAD + TABLE))
    t = the_table(b)
    units = [u for u in b.units() if u.kind in ("table cell", "table caption")]
    texts = [c.text for c in t.cells()]
    assert [u.text for u in units] == [t.caption, *texts]
    ids = {m.msgid for m in template_catalog(b, tmp_path / "locales")}
    assert set(texts) | {t.caption} <= ids
    assert b.marks() == {"bron": "1"}


def test_translated_cells_are_set_back_in_their_cells(tmp_path: Path) -> None:
    b = brief.load(write(tmp_path, HEAD + TABLE))
    other = b.translated(lambda u: u.text.upper())
    assert [c.text for c in the_table(other).head] == ["GEWEST", "GEZINNEN", "AANDEEL", "OPMERKING"]
    assert the_table(b).head[0].text == "Gewest"


def test_numeric_columns_are_right_aligned_unless_written_otherwise() -> None:
    t = model.Table([model.Cell(h) for h in ("Land", "Aantal", "Aandeel", "Jaar")],
                    [[model.Cell(c) for c in row] for row in
                     (("België", "1 234", "12,5 %", "2024"), ("Frankrijk", "98 765", "–", "2023"))],
                    align=[None, None, None, "center"])
    assert column_aligns(t) == [None, "right", "right", "center"]


def test_html_has_caption_thead_and_scoped_headers(tmp_path: Path) -> None:
    b = brief.load(write(tmp_path, HEAD + TABLE + "\n" + ROW_HEADERS))
    root = html_root(b.render_html())
    tables = list(root.query_all("table.data"))
    assert len(tables) == 2
    first, second = tables
    heads = list(first.query_all("thead th"))
    assert [text_of(h) for h in heads] == [c.text for c in the_table_list(b)[0].head]
    assert all(h.etree_element.get("scope") == "col" for h in heads)
    assert text_of(first.query("caption")).startswith("Aandeel per gewest, 2024")
    assert first.query("caption a.note-call") is not None
    assert [td.etree_element.get("class") for td in first.query_all("tbody tr td")][:4] == \
        ["left", "right", "right", None]
    row_heads = list(second.query_all("tbody th"))
    assert [text_of(h) for h in row_heads] == ["Gemeten", "Verborgen"]
    assert all(h.etree_element.get("scope") == "row" for h in row_heads)
    assert second.query("thead th").etree_element.get("scope") == "col"


def the_table_list(b: model.Brief) -> list[model.Table]:
    return [blk for blk in b.every_block() if isinstance(blk, model.Table)]


def test_a_table_spans_the_columns(tmp_path: Path) -> None:
    b = brief.load(write(tmp_path, HEAD + "Voor.\n\n" + TABLE + "\nNa.\n"))
    runs = body_runs(b.outline()[0])
    assert [kind for kind, _ in runs] == ["columns", "span", "columns"]
    assert isinstance(runs[1][1][0], model.Table)


def test_a_table_built_in_python() -> None:
    b = brief.Brief(title="Tabellen", lang="nl")
    ch = b.chapter("Cijfers")
    ch.table(["Gewest", "Aandeel"], [["Brussel", "27 %"]], caption="Per gewest")
    root = html_root(b.render_html())
    assert [text_of(c) for c in root.query_all("table.data td")] == ["Brussel", "27 %"]
    assert text_of(root.query("table.data caption")) == "Per gewest"


def test_header_row_repeats_on_every_page_of_a_long_table(tmp_path: Path) -> None:
    """A table that runs over a page break repeats its header row (thead)."""
    from pypdf import PdfReader
    rows = "".join(f"| Gemeente {i} | {i * 37} |\n" for i in range(90))
    b = brief.load(write(tmp_path, HEAD + "| Plaatsnaam | Aantal gezinnen |\n|---|---|\n" + rows))
    pdf = b.write_pdf(tmp_path / "lang.pdf", check=False)
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    with_rows = [text for text in pages if "Gemeente" in text]
    assert len(with_rows) >= 2
    assert all("Aantal gezinnen" in text for text in with_rows)


def test_catalog_with_tables_passes_msgfmt(tmp_path: Path) -> None:
    """GNU gettext, the reference, accepts the template of a brief with tables."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    from brief import i18n
    b = brief.load(write(tmp_path, HEAD + TABLE + "\n" + ROW_HEADERS))
    pot, _ = i18n.extract(b, tmp_path / "locales")
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(pot)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
