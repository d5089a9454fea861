"""The checks a translation must pass before it is used: the same note
calls, the same inline markup, no raw HTML that the source lacks."""

from __future__ import annotations

import functools
import re
from collections import Counter

from markdown_it import MarkdownIt

from ..markup import note_call_plugin, note_calls

__all__ = ["check_translation"]

_RAW_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*|!--.*?--)>", re.S)
_MARKUP = ("strong_open", "em_open", "link_open", "code_inline", "image")
_NAMES = {"strong_open": "**bold**", "em_open": "*emphasis*", "link_open": "[link](…)",
          "code_inline": "`code`", "image": "![image](…)"}


@functools.cache
def _parser() -> MarkdownIt:
    """The format's inline parser, but with raw HTML parsed, so that a tag
    counts as markup and not as stray text."""
    return MarkdownIt("commonmark", {"html": True}).use(note_call_plugin)


def _markup(text: str) -> tuple[Counter[str], list[str]]:
    """Counts of the inline markup of a text, and its leftover markers:
    ``*`` or ``_`` or backticks that did not become markup."""
    counts: Counter[str] = Counter()
    stray: list[str] = []
    for block in _parser().parseInline(text):
        for tok in block.children or []:
            if tok.type in _MARKUP:
                counts[tok.type] += 1
            elif tok.type == "text":
                stray += re.findall(r"\*\*|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`", tok.content)
    return counts, stray


def check_translation(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with a translation, in words; empty when it may be used."""
    problems = []
    want, got = Counter(note_calls(msgid)), Counter(note_calls(msgstr))
    if want != got:
        missing = sorted((want - got).elements())
        extra = sorted((got - want).elements())
        if missing and extra:
            problems.append(f"note call {', '.join(f'[^{m}]' for m in extra)} should be "
                            f"{', '.join(f'[^{m}]' for m in missing)}")
        elif missing:
            problems.append(f"drops the note call {', '.join(f'[^{m}]' for m in missing)}")
        else:
            problems.append(f"adds the note call {', '.join(f'[^{m}]' for m in extra)}")
    raw = _RAW_HTML.search(msgstr)
    if raw and not _RAW_HTML.search(msgid):
        problems.append(f"carries raw HTML {raw.group(0)}")
    (mid, stray_id), (mstr, stray) = _markup(msgid), _markup(msgstr)
    if mid != mstr:
        diff = [f"{_NAMES[k]} ×{mid[k]} in the source, ×{mstr[k]} here" for k in _MARKUP if mid[k] != mstr[k]]
        problems.append("breaks the inline markup: " + "; ".join(diff))
    elif stray and not stray_id:
        problems.append(f"breaks the inline markup: an unmatched {stray[0]!r}")
    return problems
