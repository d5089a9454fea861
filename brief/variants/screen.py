"""The screen edition: the one people read, on screen or printed at home.
Tagged PDF/UA-1 (structure, /Lang, alt text, a title shown in the window),
RGB colours, live links."""

from __future__ import annotations

from . import Variant

VARIANT = Variant(
    name="screen", pdf_variant="pdf/ua-1", suffix="",
    description="tagged PDF/UA-1, RGB, live links",
)
