"""The screen editions are PDF/UA-1 and the archive editions PDF/A-3b, as
veraPDF (the PDF Association's validator) judges them: the every-block
fixture in both note styles, four files in one veraPDF run.

(The sample's editions go through the same helper, `verapdf.validate`, on
the session build of the test suite.)"""

from __future__ import annotations

import pytest
from every_block import NOTE_STYLES, build
from verapdf import A3B, UA1, explain, unavailable, validate

EXPECTED = {"screen": UA1, "archive": A3B}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory):
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    pdfs = build(tmp_path_factory.mktemp("every-block"), tuple(EXPECTED))
    results = validate(pdfs.values())
    return {key: results[path.resolve()] for key, path in pdfs.items()}


@pytest.mark.parametrize("notes", NOTE_STYLES)
@pytest.mark.parametrize("variant", list(EXPECTED))
def test_every_block_passes_verapdf(reports, variant: str, notes: str) -> None:
    report = reports[(notes, variant)]
    assert report.error is None, explain([report])
    assert report.profile.startswith(EXPECTED[variant]), (
        f"veraPDF checked the {variant} edition against {report.profile!r}: "
        f"the file no longer claims {EXPECTED[variant]} in its XMP metadata")
    assert report.passed and not report.failed, explain([report])
