"""The typography of each language: quotes, dashes, French spacing, numbers.

Quotes come from docutils' smartquotes, which knows how Dutch, French and
English write them. It works on a stream of text pieces so that a quote
opened before ``**bold**`` text is closed after it. French also puts a
no-break space before high punctuation; that small pass is ours: a narrow
no-break space (U+202F) before ``; ! ?`` and a no-break space (U+00A0)
before ``:``, as the Imprimerie nationale's rules (and Word's French
autocorrection) do.

Numbers keep together (`numbers`): the groups of a long number, a number
and its percent or currency sign, a number and its unit, and a short number
that ends a clause and the word before it ("chapitre 4."). What goes
between them is the language's, from CLDR through Babel: French groups
digits with a narrow no-break space and puts a no-break space before ``%``
and ``€``; Dutch writes ``€ 9.000`` and ``41%``, English ``€9,000``.
Where the language writes a space, one is put in; where it writes none,
the author's space, if any, is kept, made no-break.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.numbers import get_group_symbol
from docutils.utils import smartquotes

__all__ = ["educate", "french_spacing", "numbers", "NumberRules", "number_rules", "NNBSP", "NBSP"]

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
    pieces = list(pieces)
    quotes = smartquotes.smartchars.quotes.get(language)
    if quotes is not None and quotes[3] != APOSTROPHE:
        pieces = _apostrophes(pieces)
    return smartquotes.educate_tokens(pieces, attr="qDe", language=language)


APOSTROPHE = "\u2019"
# A straight single quote: opening after a space or a bracket (or at the
# start) and before a letter; at the end of a word, before anything else.
_OPENING = re.compile(r"(?:(?<=^)|(?<=[\s(\[«\u00a0\u202f—–-]))'(?=\w)")
_AFTER_WORD = re.compile(r"(?<=\w)'(?!\w)")


def _apostrophes(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Where the language's closing single quote is not the apostrophe
    (French closes with ”), a straight quote at the end of a word is an
    apostrophe — ``MaPrimeRénov'``, ``les années 80'`` — unless a single
    quote was opened before it. smartquotes cannot tell the two apart and
    would print ``MaPrimeRénov”``."""
    out: list[tuple[str, str]] = []
    open_quotes = 0
    for kind, text in pieces:
        if kind != "text":
            out.append((kind, text))
            continue
        result: list[str] = []
        pos = 0
        for m in re.finditer(r"'", text):
            result.append(text[pos:m.start()])
            if _OPENING.match(text, m.start()):
                open_quotes += 1
                result.append("'")
            elif _AFTER_WORD.match(text, m.start()) and not open_quotes:
                result.append(APOSTROPHE)
            else:
                if _AFTER_WORD.match(text, m.start()):
                    open_quotes -= 1
                result.append("'")
            pos = m.end()
        result.append(text[pos:])
        out.append((kind, "".join(result)))
    return out


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


# -- numbers --------------------------------------------------------------------------

_SPACE = "[ \u00a0\u202f]"
#: Groups of three digits after a first group of one to three, separated by spaces.
_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:" + _SPACE + r"\d{3})+(?![\d])")
_PERCENT = re.compile(r"(?<=\d)(" + _SPACE + r"?)([%‰])")
_CURRENCY = "€$£¥"
_SIGN_AFTER = re.compile(r"(?<=\d)(" + _SPACE + r"?)([" + _CURRENCY + r"])")
_SIGN_BEFORE = re.compile(r"([" + _CURRENCY + r"])(" + _SPACE + r"?)(?=\d)")
#: Units and number words that belong to the number before them.
_UNITS = re.compile(
    r"(?<=\d) (?=(?:[kMGT]?W(?:h|c|p)?|[kcm]?m[²³2³]?|[km]?g|k?t|Mt|Gt|l|°C|°|h|min|ppm|"
    r"EUR|USD|GBP|CHF|millions?|milliards?|miljoen|miljard|billions?|mln|mld)(?![^\W\d_]))")
#: A short number closing a clause, with the word before it: "chapitre 4.", "in 2024."
_CLOSING = re.compile(r"(?<=[^\W\d_]) (?=\d[\d.,]{0,4}(?:[.,;:!?)\]»”’]|$))")
#: Words and abbreviations that announce the number of a reference: "p. 12",
#: "n° 5", "article 8", "hoofdstuk 4", "figure 2" (French typography binds them).
_ANNOUNCE = re.compile(
    r"(?<![^\W_])((?:p|pp|n°|no|nr|art|fig|chap|hfdst|blz|vol)\.?|articles?|artikels?|artikelen|"
    r"chapitres?|chapters?|hoofdstukken|hoofdstuk|pages?|pagina's|pagina|sections?|secties?|"
    r"figures?|figuren|figuur|tableaux|tableau|tables?|tabellen|tabel|annexes?|annex|bijlagen?|"
    r"notes?|noten|noot|points?|punten|punt|paragraphes?|paragraphs?|paragrafen|paragraaf|"
    r"alinéas?|leden|lid|volumes?|deel|delen) (?=\d)", re.I)


@dataclass(frozen=True, slots=True)
class NumberRules:
    """What goes inside and around a number in one language (from CLDR)."""

    #: Between groups of digits written with spaces: the language's group
    #: separator when it is a space, else a narrow no-break space (SI).
    group: str = NNBSP
    #: Between a number and ``%``: the no-break space of the language's
    #: percent format, or "" where it writes none.
    percent: str = ""
    #: Between a number and a currency sign after it, and a sign and a
    #: number after it: the language's currency format ("" where none).
    currency_after: str = ""
    currency_before: str = ""


@functools.cache
def number_rules(lang: str) -> NumberRules:
    """The `NumberRules` of a language tag, from Babel's CLDR data (the
    defaults, no-break spaces only where the author wrote a space, for a
    tag Babel does not know)."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return NumberRules()
    group = get_group_symbol(locale)
    percent = str(locale.percent_formats[None].pattern).split(";")[0]
    currency = str(locale.currency_formats["standard"].pattern).split(";")[0]

    def space(pattern: str, left: str, right: str) -> str:
        m = re.search(re.escape(left) + r"([\s\u00a0\u202f]+)" + re.escape(right), pattern)
        return _no_break(m.group(1)[0]) if m else ""

    return NumberRules(
        group=_no_break(group) if group.isspace() else NNBSP,
        percent=space(percent, "0", "%"),
        currency_after=space(currency, "0", "¤"),
        currency_before=space(currency, "¤", "#"),
    )


def _no_break(space: str) -> str:
    return space if space in (NBSP, NNBSP) else NBSP


def numbers(text: str, lang: str) -> str:
    """Keep numbers together as the language writes them (see the module's
    docstring): never a line break inside a number, between a number and
    its sign or unit, or before a short number that ends a clause."""
    if not any(c.isdigit() for c in text):
        return text
    rules = number_rules(lang)
    text = _GROUPS.sub(lambda m: re.sub(_SPACE, rules.group, m.group(0)), text)
    text = _PERCENT.sub(lambda m: (rules.percent or (NBSP if m.group(1) else "")) + m.group(2), text)
    text = _SIGN_AFTER.sub(lambda m: (rules.currency_after or (NBSP if m.group(1) else "")) + m.group(2), text)
    text = _SIGN_BEFORE.sub(lambda m: m.group(1) + (rules.currency_before or (NBSP if m.group(2) else "")), text)
    text = _UNITS.sub(NBSP, text)
    text = _ANNOUNCE.sub(lambda m: m.group(1) + NBSP, text)
    return _CLOSING.sub(NBSP, text)
