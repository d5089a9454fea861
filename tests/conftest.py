"""Shared fixtures: the sample brief is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "briefs" / "energiearmoede.md"
LOCALES = ROOT / "locales"


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's editions, built with the command line into a temporary folder."""
    from brief.cli import main
    out = tmp_path_factory.mktemp("build")
    assert main(["build", str(SAMPLE), "--out", str(out), "--locales", str(LOCALES)]) == 0
    return {p.stem.rsplit("-", 1)[1]: p for p in out.glob("*.pdf")}


@pytest.fixture(scope="session")
def sample_nl(sample_pdfs: dict[str, Path]) -> Path:
    return sample_pdfs["nl"]
