"""Links to files beside the brief, made relative.

WeasyPrint resolves a link such as ``[the annex](annex.pdf)`` against the
brief's folder and writes the file's absolute address into the PDF
(``file:///home/someone/briefs/annex.pdf``): a link that works on the
author's computer only, and that tells every reader where the author keeps
their files. Written relative (``annex.pdf``), it works wherever the PDF is
put beside the file, and says nothing of the author's disk. (Links to files
outside the brief's folder are refused when the brief is read.)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pypdf
from pypdf.generic import NameObject, TextStringObject

__all__ = ["relative_file_links"]


def relative_file_links(writer: pypdf.PdfWriter, base_dir: Path) -> int:
    """Rewrite every ``file:`` link into `base_dir` as a relative address;
    returns how many."""
    base = base_dir.resolve()
    changed = 0
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            action = action.get_object() if action is not None else None
            if action is None or action.get("/S") != "/URI":
                continue
            uri = str(action.get("/URI", ""))
            parsed = urlparse(uri)
            if parsed.scheme != "file":
                continue
            target = Path(unquote(parsed.path))
            if target.is_relative_to(base):
                relative = target.relative_to(base).as_posix()
                action[NameObject("/URI")] = TextStringObject(relative + (f"#{parsed.fragment}" if parsed.fragment else ""))
                changed += 1
    return changed
