"""Shared fixtures. The sample brief is built once per test session, in
every edition and variant, with its checks; every test of a whole PDF reads
that one build."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

import pytest

# Chromium and a local web server for the web edition's tests (tests/browser.py):
# registered here once, so that one browser serves the whole session.
from browser import browser_fixture, serve_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "briefs" / "energiearmoede.md"
LOCALES = ROOT / "locales"


@pytest.fixture(scope="session")
def sample_brief():
    """The sample's model, loaded from its Markdown: the source of every expectation."""
    from brief import load
    return load(SAMPLE)


#: Where the session's builds go: kept between sessions, so that brief's
#: cache (brief/cache.py, tested in test_cache.py) serves them again while
#: nothing they are made from (brief's code included) has changed.
SHARED = ROOT / "build" / "tests"
SAMPLE_BUILD = SHARED / "sample"


@contextlib.contextmanager
def one_at_a_time(name: str) -> Iterator[None]:
    """A lock on a shared build: when the tests run in several processes
    (pytest-xdist, `make test`), the first builds and the others, waiting,
    then find every file in brief's cache."""
    SHARED.mkdir(parents=True, exist_ok=True)
    with open(SHARED / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def sample_build(sample_brief):
    """The sample built once: every edition in the screen, press and archive
    variants, each checked, side by side (one process per core).
    {(lang, variant): Output}, where an Output holds the path, the page count
    and what the preflight found."""
    from brief import Options, build
    options = Options(out=SAMPLE_BUILD, locales=LOCALES, press=True, archive=True)
    with one_at_a_time("sample"):
        results = list(build.build(sample_brief, options))
    assert all(isinstance(r, build.Output) for r in results), [r.line() for r in results]
    return {(r.lang, r.variant): r for r in results}


@pytest.fixture(scope="session")
def sample_outputs(sample_build) -> dict[tuple[str, str], Path]:
    """Every PDF of the sample build: {(lang, "screen" | "press" | "archive"): path}."""
    return {key: output.path for key, output in sample_build.items()}


@pytest.fixture(scope="session")
def sample_pdfs(sample_outputs) -> dict[str, Path]:
    """The screen edition of each language: {lang: path}."""
    return {lang: path for (lang, variant), path in sample_outputs.items() if variant == "screen"}


@pytest.fixture(scope="session")
def sample_nl(sample_pdfs: dict[str, Path]) -> Path:
    return sample_pdfs["nl"]


@pytest.fixture(scope="session")
def sample_editions(sample_brief):
    """The model of each edition of the sample, translated from the same
    catalogs as the build."""
    from brief import Options, build
    options = Options(locales=LOCALES)
    return {lang: build.edition(sample_brief, lang, options).brief for lang in sample_brief.languages}


@pytest.fixture(autouse=True)
def _outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in an empty folder of its own, so that brief's
    fallbacks to the working directory (./locales) never read or write the
    project's own files."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def every_block_build():
    """The every-block fixture (tests/fixtures/every-block/) built once in
    each note style, in every variant, with its checks:
    {(notes style, variant): Output}."""
    from every_block import NOTE_STYLES, source

    from brief import Options, build, load
    folder = SHARED / "every-block"
    out = {}
    with one_at_a_time("every-block"):
        for notes in NOTE_STYLES:
            options = Options(out=folder / notes, press=True, archive=True)
            for result in build.build(load(source(folder, notes)), options):
                assert isinstance(result, build.Output), result.line()
                out[(notes, result.variant)] = result
    return out


@pytest.fixture(scope="session")
def sample_web(sample_brief, sample_build, sample_editions) -> dict[str, Path]:
    """The sample's web editions, written beside the session build's PDFs
    (each placed in its folder) by `brief.web.write_site`, as a build with
    ``web=True`` writes them: {lang: index.html}."""
    from brief import Options
    from brief.web import write_site
    out = next(iter(sample_build.values())).path.parent
    options = Options(out=out, locales=LOCALES, web=True)
    with one_at_a_time("sample"):
        return {r.lang: r.path for r in write_site(sample_brief, sample_editions, options)}
