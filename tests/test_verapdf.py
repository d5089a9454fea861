"""The screen editions are PDF/UA-1 and the archive editions PDF/A-3b, as
veraPDF (the PDF Association's validator) judges them: every edition of the
sample, and the every-block fixture in both note styles, in one veraPDF
run (its Java start-up is most of its time)."""

from __future__ import annotations

import pytest
from every_block import NOTE_STYLES
from verapdf import A3B, UA1, explain, unavailable, validate

EXPECTED = {"screen": UA1, "archive": A3B}
LANGS = ("nl", "fr", "en")


@pytest.fixture(scope="module")
def reports(sample_outputs, every_block_build):
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    pdfs = {("sample", lang, variant): sample_outputs[(lang, variant)] for lang in LANGS for variant in EXPECTED}
    pdfs |= {("every-block", notes, variant): every_block_build[(notes, variant)].path
             for notes in NOTE_STYLES for variant in EXPECTED}
    results = validate(pdfs.values())
    return {key: results[path.resolve()] for key, path in pdfs.items()}


@pytest.mark.parametrize("which", [("sample", lang) for lang in LANGS] + [("every-block", n) for n in NOTE_STYLES],
                         ids=lambda w: "-".join(w))
@pytest.mark.parametrize("variant", list(EXPECTED))
def test_passes_verapdf(reports, which: tuple[str, str], variant: str) -> None:
    report = reports[(*which, variant)]
    assert report.error is None, explain([report])
    assert report.profile.startswith(EXPECTED[variant]), (
        f"veraPDF checked the {variant} edition against {report.profile!r}: "
        f"the file no longer claims {EXPECTED[variant]} in its XMP metadata")
    assert report.passed and not report.failed, explain([report])
