from pypdf import PdfReader


def test_sample_builds_in_three_editions(sample_pdfs):
    assert set(sample_pdfs) == {"nl", "fr", "en"}
    for path in sample_pdfs.values():
        assert 8 <= len(PdfReader(path).pages) <= 16
