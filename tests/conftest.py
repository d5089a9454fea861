"""Shared fixtures: the sample brief is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

# Chromium and a local web server for the web edition's tests (tests/browser.py):
# registered here once, so that one browser serves the whole session.
from browser import browser_fixture, serve_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "briefs" / "energiearmoede.md"
LOCALES = ROOT / "locales"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, dict[str, Path]]:
    """The sample's editions, built once with the command line into a
    temporary folder, with the press and archive outputs:
    (exit status, what the command printed, {lang: screen PDF})."""
    import contextlib
    import io

    from brief.cli import main
    out = tmp_path_factory.mktemp("build")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["build", str(SAMPLE), "--out", str(out), "--locales", str(LOCALES),
                       "--press", "--archive"])
    screen = {lang: path for (lang, variant), path in _outputs(out).items() if variant == "screen"}
    return status, printed.getvalue(), screen


def _outputs(folder: Path) -> dict[tuple[str, str], Path]:
    """{(lang, variant): path} of <name>-<lang>[-<variant>].pdf files."""
    out = {}
    for path in folder.glob(f"{SAMPLE.stem}-*.pdf"):
        lang, _, variant = path.stem.removeprefix(f"{SAMPLE.stem}-").partition("-")
        out[(lang, variant or "screen")] = path
    return out


@pytest.fixture(scope="session")
def sample_outputs(sample_build) -> dict[tuple[str, str], Path]:
    """Every PDF of the sample build: {(lang, "screen" | "press" | "archive"): path}."""
    return _outputs(next(iter(sample_build[2].values())).parent)


@pytest.fixture(scope="session")
def sample_pdfs(sample_build: tuple[int, str, dict[str, Path]]) -> dict[str, Path]:
    """The sample's PDFs. Status 1 (a check of the finished PDF failed) still
    leaves the PDFs to test; test_sample_pdf.py asserts the clean exit."""
    status, printed, pdfs = sample_build
    assert status in (0, 1), printed
    return pdfs


@pytest.fixture(scope="session")
def sample_nl(sample_pdfs: dict[str, Path]) -> Path:
    return sample_pdfs["nl"]


@pytest.fixture(scope="session")
def sample_brief():
    """The sample's model, loaded from its Markdown: the source of every expectation."""
    from brief import load
    return load(SAMPLE)


@pytest.fixture(scope="session")
def sample_editions(sample_brief, sample_pdfs):
    """The model of each edition of the sample, as the build translated it
    (read right after the build, from the same catalogs)."""
    from brief import i18n
    return {lang: i18n.translate(sample_brief, lang, locales=LOCALES).brief
            for lang in sample_brief.languages}
