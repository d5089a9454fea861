"""The typography of each language: quotes, dashes and French spacing.

Quotes come from docutils' smartquotes, which knows how Dutch, French and
English write them. It works on a stream of text pieces so that a quote
opened before ``**bold**`` text is closed after it. French also puts a
no-break space before high punctuation; that small pass is ours: a narrow
no-break space (U+202F) before ``; ! ?`` and a no-break space (U+00A0)
before ``:``, as the Imprimerie nationale's rules (and Word's French
autocorrection) do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from docutils.utils import smartquotes

__all__ = ["educate", "french_spacing", "NNBSP", "NBSP"]

NNBSP = "\u202f"
NBSP = "\u00a0"

# Space (or none) before ; ! ? — not inside a run like "?!" that already has its space,
# and not after an opening bracket or at the start of the text.
_HIGH = re.compile(r"(?<=[^\s(\[«\u202f\u00a0])[ \t]?([;!?]+)")
# A colon, but not in a time (14:30), a URL (https://) or a ratio (1:3).
_COLON = re.compile(r"(?<=[^\s\d(\[«\u202f\u00a0])[ \t]?:(?!//)|(?<=\d)[ \t]:(?!\d)|(?<=\d):(?=\s|$)")
# Spaces inside French quotes that are not (yet) no-break.
_GUILLEMETS = (re.compile(r"«[ \t\u00a0\u202f]*"), re.compile(r"[ \t\u00a0\u202f]*»"))


def educate(pieces: Iterable[tuple[str, str]], lang: str) -> Iterator[str]:
    """Curl the quotes and set the dashes of a stream of ``(kind, text)``
    pieces, kind being ``"text"`` or ``"literal"`` (code: left alone)."""
    language = lang.split("-")[0].split("_")[0].lower()
    return smartquotes.educate_tokens(list(pieces), attr="qDe", language=language)


def french_spacing(text: str, before: str = "") -> str:
    """Put the no-break spaces of French before high punctuation and inside « ».

    `before` is the text that precedes (the end of a bold span, say), so
    that ``**terme** :`` is spaced like ``terme :``."""
    context = before[-1:]
    text = context + text
    text = _HIGH.sub(lambda m: NNBSP + m.group(1), text)
    text = _COLON.sub(NBSP + ":", text)
    text = _GUILLEMETS[0].sub("«" + NBSP, text)
    text = _GUILLEMETS[1].sub(NBSP + "»", text)
    return text[len(context):]
