"""Where GNU gettext breaks the long lines of a PO file, character for character.

msgcat, msgmerge and xgettext wrap each string with libunistring's
``ulc_width_linebreaks``: the line breaking algorithm of Unicode (UAX #14)
with libunistring's pair table, display widths (a CJK ideograph counts two
columns, a combining mark none), and the rule "break at the last opportunity
before the width is exceeded". A writer that wraps otherwise (at spaces only,
as Babel and polib do) rewrites every long entry the next time a GNU tool
saves the file; this module reproduces the GNU choice so that ours does not.

The line breaking classes come from `uniseg` (Unicode's LineBreak.txt); the
pair table and the rules that resolve classes are libunistring 1.0's (the
version GNU gettext 0.21 uses on Debian 12): it allows a break after a
hyphen, before an opening bracket after a space, never before a closing
punctuation mark, and so on. The tests compare the result with libunistring
itself on strings of every kind of character.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence

from uniseg.linebreak import line_break as _uax14_class

__all__ = ["UNDEFINED", "PROHIBITED", "POSSIBLE", "MANDATORY", "possible_linebreaks",
           "width_linebreaks", "char_width", "is_cjk_encoding"]

# The values of libunistring's UC_BREAK_* constants.
UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2, 3

# Line breaking classes, numbered as libunistring numbers them: the first 33
# index the pair table; the others are resolved before a lookup.
(WJ, GL, B2, BA, BB, HY, CL, CP1, CP2, EX, IN, NS, OP1, OP2, QU, IS, NU, PO, PR, SY, AL,
 H2, H3, ID1, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM) = range(33)
BK, CR, LF, CM, ZW, SP, CB, AI, SA, XX = range(33, 43)
_HL_BA = 100  # a Hebrew letter followed by a hyphen or break-after character

# The pair table of UAX #14 (section 7.3) as libunistring 1.0 tailors it: row
# = class before, column = class after; D: a break is allowed, I: allowed only
# after spaces, P: never.
_PAIRS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
_TABLE = tuple(tuple("_DIP".index(c) for c in row) for row in _PAIRS)
_D, _I, _P = 1, 2, 3

# Unicode's class names, as libunistring 1.0 (Unicode 14) resolves them; the
# classes that came later (Unicode 15.1's Aksara classes) fall back as
# libunistring treats characters it does not know.
_BY_NAME = {
    "BK": BK, "NL": BK, "CR": CR, "LF": LF, "CM": CM, "ZWJ": ZWJ, "WJ": WJ, "ZW": ZW, "GL": GL,
    "SP": SP, "B2": B2, "BA": BA, "BB": BB, "HY": HY, "CB": CB, "CL": CL, "EX": EX, "IN": IN,
    "NS": NS, "CJ": NS, "QU": QU, "IS": IS, "NU": NU, "PO": PO, "PR": PR, "SY": SY, "AI": AI,
    "AL": AL, "H2": H2, "H3": H3, "HL": HL, "JL": JL, "JV": JV, "JT": JT, "RI": RI, "SA": SA,
    "EB": EB, "EM": EM, "XX": XX, "SG": XX, "AK": AL, "AP": AL, "AS": AL, "VF": CM, "VI": CM,
}

_CJK_ENCODINGS = frozenset({"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"})


def is_cjk_encoding(encoding: str) -> bool:
    """True for the legacy CJK encodings, where ambiguous characters are wide."""
    return encoding.upper() in _CJK_ENCODINGS


# Characters whose class changed after Unicode 14, the version of libunistring 1.0
# (and of Python 3.11's unicodedata): their Unicode 14 class.
_UNICODE_14 = (
    (0x0600, 0x0605, AL), (0x06DD, 0x06DD, AL), (0x0890, 0x0891, AL), (0x08E2, 0x08E2, AL),
    (0x19DA, 0x19DA, SA), (0x1B50, 0x1B59, NU), (0x1B5C, 0x1B5C, AL), (0x1B61, 0x1B6A, AL),
    (0x1B74, 0x1B7C, AL), (0x1DCD, 0x1DCD, CM), (0x1DFC, 0x1DFC, CM), (0x2057, 0x2057, AL),
    (0x2150, 0x2153, AL), (0x2156, 0x215A, AL), (0x215C, 0x215D, AL),
    (0x2E56, 0x2E56, CL), (0x2E58, 0x2E58, CL), (0x2E5A, 0x2E5A, CL), (0x2E5C, 0x2E5C, CL),
    (0xA9C1, 0xA9C6, AL), (0xA9CA, 0xA9CD, AL), (0xA9CF, 0xA9CF, AL), (0xA9D0, 0xA9D9, NU),
    (0xA9DE, 0xA9DF, AL), (0xAA40, 0xAA42, AL), (0xAA44, 0xAA4B, AL), (0xAA50, 0xAA59, NU),
    (0xAA5C, 0xAA5C, AL), (0xFE10, 0xFE10, IS), (0xFE13, 0xFE14, IS), (0xFE20, 0xFE20, CM),
    (0xFE22, 0xFE22, CM), (0xFE24, 0xFE24, CM), (0xFE26, 0xFE27, CM), (0xFE29, 0xFE29, CM),
    (0xFE2B, 0xFE2B, CM), (0xFE2D, 0xFE2E, CM), (0x11049, 0x1104D, AL), (0x11052, 0x11065, AL),
    (0x11066, 0x1106F, NU), (0x1107F, 0x1107F, CM), (0x110BD, 0x110BD, AL), (0x110CD, 0x110CD, AL),
    (0x1133D, 0x1133D, AL), (0x1135D, 0x1135D, AL), (0x11950, 0x11959, NU), (0x11EF2, 0x11EF2, AL),
    (0x11EF7, 0x11EF8, AL), (0x1F10D, 0x1F10F, ID1), (0x1F16D, 0x1F16F, ID1), (0x1F1AD, 0x1F1AD, ID1),
    (0x1F8B0, 0x1F8B1, ID1),
)


@functools.cache
def _class(ch: str) -> int:
    cp = ord(ch)
    for lo, hi, cls in _UNICODE_14:
        if lo <= cp <= hi:
            return cls
    if unicodedata.category(ch) == "Cn":
        # Not a character in Unicode 14: libunistring's defaults for the blocks kept
        # for pictographs and ideographs, else unknown.
        if 0x1F000 <= cp <= 0x1FAFF or 0x1FC00 <= cp <= 0x1FFFD:
            return ID2
        if 0x20000 <= cp <= 0x3FFFD or 0xFA6E <= cp <= 0xFAFF:
            return ID1
        return PR if 0x20C1 <= cp <= 0x20CF else XX
    name = str(_uax14_class(ch))
    if name in ("OP", "CP"):
        wide = unicodedata.east_asian_width(ch) in ("F", "W", "H")
        return (OP2 if wide else OP1) if name == "OP" else (CP2 if wide else CP1)
    return ID1 if name == "ID" else _BY_NAME.get(name, AL)


# Unassigned code points that libunistring counts two columns wide (the CJK blocks).
_WIDE_UNASSIGNED = ((0x2E80, 0x303E), (0x3040, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
                    (0xFE10, 0xFE19), (0xFE30, 0xFE6F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6),
                    (0x1F200, 0x1F2FF), (0x20000, 0x3FFFD))


# Non-spacing marks that libunistring counts one column wide all the same.
_SPACING_MARKS = frozenset({0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F})


@functools.cache
def char_width(ch: str, cjk: bool = False) -> int:
    """Columns a character takes, as libunistring's ``uc_width`` counts them:
    -1 for a control character, 0 for a combining or format character, 2 for
    a wide (CJK) one, else 1."""
    cp = ord(ch)
    if 0 < cp < 0xA0 and (cp < 0x20 or cp >= 0x7F):
        return -1
    category = unicodedata.category(ch)
    if (cp == 0 or category in ("Mn", "Me", "Cf") or 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF
            or (0xE0000 <= cp <= 0xE0FFF and (cp == 0xE0001 or 0xE0020 <= cp <= 0xE007F
                                             or 0xE0100 <= cp <= 0xE01EF))) \
            and cp not in _SPACING_MARKS:
        return 0
    if category == "Cn":
        if any(lo <= cp <= hi for lo, hi in _WIDE_UNASSIGNED):
            return 2
    elif unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if cjk and 0xA1 <= cp < 0xFF61 and cp != 0x20A9:
        return 2
    return 1


class _ClassTable(dict[int, str]):
    """For str.translate: each character to its class, as one character
    (chr(class)), with the classes that depend on nothing resolved
    (ambiguous, contingent, complex context, unknown)."""

    def __init__(self, cjk: bool) -> None:
        super().__init__()
        self.resolve = {AI: ID1 if cjk else AL, CB: ID1, SA: AL, XX: AL}

    def __missing__(self, cp: int) -> str:
        cls = _class(chr(cp))
        self[cp] = value = chr(self.resolve.get(cls, cls))
        return value


_TABLES = (_ClassTable(False), _ClassTable(True))
# The characters to look at: all but a letter right after a letter, which
# never breaks and changes nothing; and a space between two letters, with
# the letter after it, known at once: a break before that letter.
_A, _S = re.escape(chr(AL)), re.escape(chr(SP))
_TODO = re.compile(f"(?<={_A})(?P<word>{_S}{_A})|(?<!{_A}){_A}|[^{_A}]", re.S)


def possible_linebreaks(text: Sequence[str], cjk: bool = False) -> list[int]:
    """For each character, whether a line may break just before it
    (libunistring's ``u8_possible_linebreaks``)."""
    out = [PROHIBITED] * len(text)
    table = _TABLE
    classes = (text if isinstance(text, str) else "".join(text)).translate(_TABLES[cjk])
    prev_prop = last_prop = BK
    seen_space = False
    ri_count = 0
    for m in _TODO.finditer(classes):
        if m.lastgroup == "word":
            out[m.start() + 1] = POSSIBLE
            prev_prop = last_prop = AL
            seen_space, ri_count = False, 0
            continue
        i = m.start()
        prop = ord(classes[i])
        if prop in (BK, LF, CR):
            out[i] = MANDATORY
            prev_prop, last_prop, seen_space = prop, BK, False
        else:
            if prop == SP:
                seen_space = True
            elif prop == ZW:
                last_prop, seen_space = ZW, False
            elif prop in (CM, ZWJ):
                if last_prop == BK:
                    last_prop, seen_space = AL, False
                elif last_prop == ZW or seen_space:
                    out[i] = POSSIBLE
                    last_prop, seen_space = AL, False
            else:
                if last_prop == BK:
                    pass
                elif last_prop == ZW:
                    out[i] = POSSIBLE
                elif prev_prop == ZWJ or prev_prop == _HL_BA:
                    pass
                elif last_prop == RI and prop == RI:
                    if seen_space or ri_count % 2 == 0:
                        out[i] = POSSIBLE
                else:
                    rule = table[last_prop][prop]
                    if rule == _D or (rule == _I and seen_space):
                        out[i] = POSSIBLE
                last_prop, seen_space = prop, False
            prev_prop = _HL_BA if prev_prop == HL and prop in (HY, BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return out


_WIDTHS: tuple[dict[str, int], dict[str, int]] = ({}, {})


def _widths(text: Sequence[str], cjk: bool) -> list[int]:
    """Columns of each character, control characters counting none."""
    if isinstance(text, str) and text.isascii() and text.isprintable():
        return [1] * len(text)
    cache = _WIDTHS[cjk]
    out = [cache.get(c, -1) for c in text]
    if -1 in out:
        for i, c in enumerate(text):
            if out[i] == -1:
                out[i] = cache[c] = max(char_width(c, cjk), 0)
    return out


def width_linebreaks(text: Sequence[str], width: int, start_column: int = 0, at_end_columns: int = 0,
                     overrides: Sequence[int] | None = None, cjk: bool = False) -> list[int]:
    """For each character, POSSIBLE where the line is to be broken before it
    so that no line is wider than `width` columns (libunistring's
    ``u8_width_linebreaks``: a break goes at the last opportunity before the
    width is exceeded; a piece longer than the width stays whole).
    `overrides` imposes the decision at some characters (UNDEFINED elsewhere)."""
    widths = _widths(text, cjk)
    if start_column + sum(widths) + at_end_columns <= width:
        return [PROHIBITED] * len(text)      # it all fits: no break to insert
    out = possible_linebreaks(text, cjk)
    if overrides is not None:
        for i, o in enumerate(overrides):
            if o != UNDEFINED:
                out[i] = o
    ends = list(itertools.accumulate(widths, initial=0))   # ends[i]: columns before character i
    last_p = -1
    last_column = start_column
    piece_start = 0      # where the current piece began
    for i in [k for k, v in enumerate(out) if v != PROHIBITED]:
        here = out[i]
        piece_width = ends[i] - ends[piece_start]
        if last_p >= 0 and last_column + piece_width > width:
            out[last_p] = POSSIBLE
            last_column = 0
        if here == MANDATORY:
            last_p, last_column, piece_start = -1, 0, i + 1
            continue
        last_p = i
        last_column += piece_width
        piece_start = i
        out[i] = PROHIBITED
    if last_p >= 0 and last_column + ends[len(text)] - ends[piece_start] + at_end_columns > width:
        out[last_p] = POSSIBLE
    return out
