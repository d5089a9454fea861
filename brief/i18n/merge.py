"""A catalog brought up to date with its template, as ``msgmerge --previous`` does it.

`merge(definitions, template)` is ``msgmerge --previous def.po ref.pot``
(GNU gettext 0.21, msgmerge.c), entry for entry:

* a message of the template found in the definitions (its msgctxt and msgid
  equal) keeps its msgstr, flags and translator comments; its references
  and extracted comments come from the template. A message found only among
  the obsolete entries comes back with its flags (fuzzy included) and
  comments;
* a message not found is matched, when it can be, with the most similar
  translated one (current or obsolete, then from the compendia) by GNU's
  measure, `fstrcmp` over 0.6: it takes that translation, marked fuzzy,
  with the old msgid as its previous msgid (``#|``);
* the other new messages come untranslated;
* the definitions' entries that the template no longer uses become obsolete,
  without their references and extracted comments (an untranslated one is
  not written: GNU drops it);
* the header is the definitions' header, every field kept, the known ones
  in GNU's order, with the template's POT-Creation-Date and
  Report-Msgid-Bugs-To.

Nothing is shared between the inputs and the result: every entry of the
result is a new object, so merging one language can never put a msgstr
into another language's catalog (Babel's ``Catalog.update`` reused the
template's message objects, and a translation leaked across languages).
An entry that comes out exactly as it was read keeps its text, so that
`po_bytes` writes it back unchanged.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from .po import Catalog, Entry, canonical_charset, declared_charset, po_bytes
from .poformat import range_flag

__all__ = ["merge", "Merged", "fstrcmp", "FUZZY_THRESHOLD"]

FUZZY_THRESHOLD = 0.6   # GNU's: a match must be more similar than this
_SHORT_MSG_MAX = 28     # GNU's SHORT_MSG_MAX: msgids up to 28 bytes are indexed by length


@dataclass(slots=True)
class Merged:
    """The result of a merge: the new catalog and what happened to it.

    `changed` tells whether writing the catalog (``po_bytes(catalog)``)
    would change the definitions' file: when False there is nothing to
    write, and no date to bump. (With ``locations="file"``, compare
    ``po_bytes(catalog, locations="file")`` with the file instead: new line
    numbers alone then change nothing.) `entries_changed` tells whether any
    entry other than the header changed (a new POT-Creation-Date alone
    changes the header only)."""

    catalog: Catalog
    exact: int = 0          # messages found as they were (current or obsolete)
    fuzzy: int = 0          # messages matched with a similar one, now fuzzy
    new: int = 0            # messages without translation
    obsoleted: int = 0      # entries of the definitions the template no longer has
    revived: list[Entry] = field(default_factory=list)   # obsolete entries that came back
    changed: bool = False
    entries_changed: bool = False


# -- fstrcmp: GNU's similarity of two strings ---------------------------------------------

def _lcs_length(a: bytes, b: bytes) -> int:
    """Length of a longest common subsequence (bit-parallel, Hyyrö 2004)."""
    if len(a) < len(b):
        a, b = b, a
    masks: dict[int, int] = {}
    for i, byte in enumerate(b):
        masks[byte] = masks.get(byte, 0) | (1 << i)
    full = (1 << len(b)) - 1
    v = full
    for byte in a:
        u = v & masks.get(byte, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()


def fstrcmp(a: bytes, b: bytes, lower_bound: float = 0.0) -> float:
    """GNU's ``fstrcmp_bounded``: the share of the two byte strings that is
    common, 2 * LCS / (len(a) + len(b)), or 0.0 once it is certain to be
    below `lower_bound` (with GNU's shortcuts, so that the same values pass)."""
    la, lb = len(a), len(b)
    total = la + lb
    if la == 0 or lb == 0:
        return 1.0 if total == 0 else 0.0
    if lower_bound > 0:
        if 2.0 * min(la, lb) / total < lower_bound:
            return 0.0
        if total >= 20:
            diff = [0] * 256
            for byte in a:
                diff[byte] += 1
            for byte in b:
                diff[byte] -= 1
            if 1.0 - sum(abs(d) for d in diff) / total < lower_bound:
                return 0.0
    edits = total - 2 * _lcs_length(a, b)
    limit = int(total * (1.0 - lower_bound + 0.000001)) if lower_bound < 1.0 else 0
    if edits > limit:
        return 0.0
    return (total - edits) / total


def _goal(candidate: _Candidate, msgctxt: str | None, msgid: bytes, lower_bound: float) -> float:
    """GNU's fuzzy_search_goal_function: fstrcmp, with a small bonus for a
    message of the same context (or of none)."""
    bonus = 0.0
    if candidate.entry.msgctxt is None or (msgctxt is not None and msgctxt == candidate.entry.msgctxt):
        bonus = 0.00001
        lower_bound -= bonus * 1.01
    return fstrcmp(msgid, candidate.msgid, lower_bound) + bonus


@dataclass(slots=True)
class _Candidate:
    entry: Entry
    msgid: bytes


@functools.lru_cache(maxsize=8192)
def _four_grams(text: str) -> frozenset[str]:
    """The 4-grams of a msgid (cached: an update indexes the same msgids
    over and over)."""
    return frozenset(text[i:i + 4] for i in range(len(text) - 3))


class _FuzzyIndex:
    """GNU's message_fuzzy_index (msgl-fsearch.c): the translated messages by
    the 4-grams of their msgid, and the short msgids by length."""

    def __init__(self, entries: list[Entry], encode: functools.partial[bytes]) -> None:
        self.count = len(entries)
        self.candidates: list[_Candidate] = []
        self.grams: dict[str, list[int]] = {}
        self.short: dict[int, list[int]] = {}
        for entry in entries:
            if not entry.has_translation:
                continue
            index = len(self.candidates)
            msgid = encode(entry.msgid)
            self.candidates.append(_Candidate(entry, msgid))
            for gram in _four_grams(entry.msgid):
                self.grams.setdefault(gram, []).append(index)
            if len(msgid) <= _SHORT_MSG_MAX:
                self.short.setdefault(len(msgid), []).append(index)
        self.firstfew = max(10, int(math.sqrt(self.count)))

    def search(self, msgctxt: str | None, msgid: str, encoded: bytes, lower_bound: float,
               heuristic: bool) -> _Candidate | None:
        if len(msgid) >= 4:
            grams = self.grams
            counts = Counter(chain.from_iterable(grams.get(msgid[i:i + 4], ()) for i in range(len(msgid) - 3)))
            order = sorted(counts, key=lambda k: (-counts[k], k))
            if heuristic:
                order = order[:self.firstfew]
        else:
            length = len(encoded)
            lmin = math.ceil(length / (2 / FUZZY_THRESHOLD - 1))
            lmax = int(length * (2 / FUZZY_THRESHOLD - 1))
            order = [i for n in range(lmin, lmax + 1) for i in self.short.get(n, ())]
        best, best_weight = None, lower_bound
        for index in order:
            candidate = self.candidates[index]
            weight = _goal(candidate, msgctxt, encoded, best_weight)
            if weight > best_weight:
                best, best_weight = candidate, weight
        return best


# -- the header -------------------------------------------------------------------------------

_KNOWN_FIELDS = ("Project-Id-Version:", "Report-Msgid-Bugs-To:", "POT-Creation-Date:", "PO-Revision-Date:",
                 "Last-Translator:", "Language-Team:", "Language:", "MIME-Version:", "Content-Type:",
                 "Content-Transfer-Encoding:")
# GNU's language variants; the other language names come from CLDR (Babel).
_LANGUAGE_VARIANTS = {"Austrian": "de_AT", "English (British)": "en_GB", "Argentinian": "es_AR",
                      "Spanish (Canary Islands)": "es_IC", "Brazilian Portuguese": "pt_BR",
                      "Chinese (simplified)": "zh_CN", "Chinese (Hong Kong)": "zh_HK",
                      "Chinese (traditional)": "zh_TW"}


@functools.cache
def _language_codes() -> dict[str, str]:
    import unicodedata

    from babel import Locale
    out: dict[str, str] = {}
    for code, name in Locale("en").languages.items():
        if "_" not in code and len(code) in (2, 3):
            out.setdefault(name, code)
            plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            out.setdefault(plain, code)
    return out


def _language_from_team(team: str) -> str:
    """GNU's guess of a Language field from the Language-Team value (with
    its newline, as GNU reads it): "French <fr@li.org>" gives fr, and a name
    alone gives nothing, for its newline is still there."""
    words = team.lstrip(" \t").rstrip(" \t")
    cut = max(words.rfind(" "), words.rfind("\t")) + 1
    if cut < len(words) and (words[cut] == "<" or words.endswith(">") or "@" in words or "/" in words):
        words = words[:cut].rstrip(" \t")
    return _LANGUAGE_VARIANTS.get(words) or _language_codes().get(words, "")


def _merge_header(definition: str, template: str) -> str:
    """The header's msgstr: the definitions' fields, known ones in GNU's
    order, with the template's POT-Creation-Date and Report-Msgid-Bugs-To."""
    known: dict[int, str] = {}
    unknown: list[str] = []
    for line in definition.splitlines(keepends=True):
        if not line.endswith("\n"):
            line += "\n"
        for k, name in enumerate(_KNOWN_FIELDS):
            if line[:len(name)].lower() == name.lower():
                known[k] = line[len(name):]
                break
        else:
            unknown.append(line)
    if 6 not in known and 5 in known:
        code = _language_from_team(known[5])
        known[6] = f" {code}\n" if code else " \n"
    for k, name in ((1, "Report-Msgid-Bugs-To:"), (2, "POT-Creation-Date:")):
        at = template.find(name)
        if at >= 0:
            value = template[at + len(name):]
            known[k] = value[:value.index("\n") + 1] if "\n" in value else value + "\n"
    return "".join(_KNOWN_FIELDS[k] + known[k] for k in sorted(known)) + "".join(unknown)


def _nplurals(header: Entry | None) -> int:
    m = re.search(r"nplurals=\s*([0-9]+)", header.msgstr) if header and "plural=" in header.msgstr else None
    return int(m.group(1)) if m else 2


# -- the merge ----------------------------------------------------------------------------------

def _file_order(catalog: Catalog) -> list[Entry]:
    """The entries as GNU holds them: in the order of the file."""
    entries = ([catalog.header] if catalog.header else []) + catalog.entries + catalog.obsolete
    if all(e.line for e in entries):
        entries.sort(key=lambda e: e.line)
    return entries


def _set_charset(catalog: Catalog, charset: str) -> None:
    """Declare another charset in the header (GNU's iconv_msgdomain_list)."""
    header = catalog.header
    if header is not None and "charset=" in header.msgstr:
        header.msgstr = re.sub(r"charset=[^ \t\n]*", lambda m: f"charset={charset}", header.msgstr, count=1)


def _encodable(catalog: Catalog, charset: str) -> bool:
    text = "".join(e.msgid + e.msgstr + "".join(e.msgstr_plural) + "".join(e.comments)
                   for e in _file_order(catalog))
    try:
        text.encode(charset)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def merge(definitions: Catalog, template: Catalog, *, compendia: Sequence[Catalog] = (),
          fuzzy_matching: bool = True, previous: bool = True) -> Merged:
    """The definitions (a language's catalog) brought up to date with the
    template (the POT), as ``msgmerge --previous`` (``--no-fuzzy-matching``
    when `fuzzy_matching` is False; without ``--previous`` when `previous`
    is False; ``--compendium`` for each of `compendia`). The inputs are not
    changed, and the result shares nothing with them."""
    defs, ref = definitions.copy(), template.copy()
    comps = [c.copy() for c in compendia]
    charset = _charsets(defs, ref, comps)
    codec = canonical_charset(charset) or "UTF-8"
    encode = functools.partial(str.encode, encoding="utf-8" if codec == "ASCII" else _python_codec(codec),
                               errors="replace")

    def_list = _file_order(defs)
    comp_lists = [_file_order(c) for c in comps]
    ref_list = _file_order(ref)
    if not any(e.msgid == "" and e.msgctxt is None for e in ref_list):
        ref_list.insert(0, Entry("", ""))
    exact = [{e.key: e for e in lst} for lst in [def_list, *comp_lists]]
    def_index = comp_index = None
    nplurals = _nplurals(next((e for e in def_list if e.is_header), None))
    result = Merged(Catalog(path=definitions.path))
    used: set[int] = set()
    merged: list[Entry] = []
    problems: dict[int, int] = {}
    sources: dict[int, Entry] = {}
    for refmsg in ref_list:
        found, fuzzy = _exact(exact, refmsg.key), False
        if found is None and not (refmsg.msgid == "" and refmsg.msgctxt is None) and fuzzy_matching:
            if def_index is None:
                def_index = _FuzzyIndex(def_list, encode)
                comp_index = _FuzzyIndex([e for lst in comp_lists for e in lst], encode) if comps else None
            found, fuzzy = _fuzzy(def_index, comp_index, refmsg, encode), True
        if found is not None:
            entry, problem = _merge_entry(found, refmsg, fuzzy, previous)
            if problem:
                problems[id(entry)] = problem
            sources[id(entry)] = found
            used.add(id(found))
            merged.append(entry)
            if fuzzy:
                result.fuzzy += 1
            else:
                result.exact += 1
                if found.obsolete and not refmsg.obsolete:
                    result.revived.append(entry)
        elif not (refmsg.msgid == "" and refmsg.msgctxt is None):
            entry = _untranslated(refmsg, nplurals)
            merged.append(entry)
            result.new += 1
    header = next((e for e in merged if e.msgid == "" and e.msgctxt is None and not e.obsolete), None)
    _fix_plurals(merged, problems, _nplurals(header))
    for entry in merged:
        if not entry.fuzzy or not entry.has_translation:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        if id(entry) in sources:
            entry.keep_text(sources[id(entry)])
    for old in def_list:
        if id(old) in used:
            continue
        entry = old.copy()
        entry.extracted_comments, entry.references, entry.obsolete = [], [], True
        entry.keep_text(old)
        merged.append(entry)
        if not old.obsolete:
            result.obsoleted += 1
    catalog = result.catalog
    for entry in merged:
        if entry is header:
            catalog.header = entry
        elif entry.obsolete:
            catalog.obsolete.append(entry)
        else:
            catalog.entries.append(entry)
    catalog._leader, catalog._trailer = definitions._leader, definitions._trailer
    result.entries_changed = _written(catalog) != _written(definitions)
    result.changed = result.entries_changed or po_bytes(catalog) != po_bytes(definitions)
    return result


def _written(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a catalog's file says, header aside."""
    return [e.fields() for e in catalog.entries] + \
        [e.fields() for e in catalog.obsolete if e.has_translation]


def _python_codec(gnu: str) -> str:
    return {"EUC-TW": "utf-8", "GEORGIAN-PS": "utf-8", "VISCII": "utf-8"}.get(gnu, gnu)


def _charsets(defs: Catalog, ref: Catalog, comps: list[Catalog]) -> str:
    """Convert as msgmerge does: all to UTF-8 when the template is UTF-8;
    else the compendia to the definitions' charset when they fit in it, and
    all to UTF-8 when they do not. Returns the charset the merge works in."""
    if ref.header is not None and (declared_charset(ref.header.msgstr) or "").upper() == "UTF-8":
        for catalog in (defs, *comps):
            _set_charset(catalog, "UTF-8")
        return "UTF-8"
    if comps:
        charset = canonical_charset(defs.charset)
        if charset is None or not all(_encodable(c, _python_codec(charset)) for c in comps):
            for catalog in (defs, *comps):
                _set_charset(catalog, "UTF-8")
            return "UTF-8"
        for catalog in comps:
            _set_charset(catalog, charset)
    return defs.charset


def _exact(lists: list[dict[tuple[str | None, str], Entry]], key: tuple[str | None, str]) -> Entry | None:
    """GNU's message_list_list_search: the first list's message, unless a
    later list has it translated where the first had an empty msgstr."""
    best, best_weight = None, 0
    for lst in lists:
        entry = lst.get(key)
        if entry is not None:
            weight = 1 if entry.translations == [""] else 2
            if weight > best_weight:
                best, best_weight = entry, weight
    return best


def _fuzzy(defs: _FuzzyIndex, comps: _FuzzyIndex | None, refmsg: Entry,
           encode: functools.partial[bytes]) -> Entry | None:
    msgid = encode(refmsg.msgid)
    found = defs.search(refmsg.msgctxt, refmsg.msgid, msgid, FUZZY_THRESHOLD, heuristic=False)
    if comps is not None:
        bound = _goal(found, refmsg.msgctxt, msgid, 0.0) if found is not None else FUZZY_THRESHOLD
        other = comps.search(refmsg.msgctxt, refmsg.msgid, msgid, bound, heuristic=True)
        if found is None or (other is not None and _goal(other, refmsg.msgctxt, msgid, bound) > bound):
            found = other
    return found.entry if found is not None else None


def _merge_entry(old: Entry, ref: Entry, force_fuzzy: bool, previous: bool) -> tuple[Entry, int]:
    """GNU's message_merge: the template's message with the old translation.
    Returns the entry and 1 or 2 when its plural forms need a fix."""
    entry = Entry(ref.msgid, msgctxt=ref.msgctxt, msgid_plural=ref.msgid_plural, line=old.line,
                  msgstr_line=old.msgstr_line)
    if ref.msgid == "" and ref.msgctxt is None:
        entry.msgstr = _merge_header(old.msgstr if old.msgid_plural is None else old.translations[0],
                                     ref.msgstr)
        prev: tuple[str | None, str | None, str | None] = (None, None, None)
    else:
        if entry.msgid_plural is not None:
            entry.msgstr_plural = list(old.translations)
        else:
            entry.msgstr = old.translations[0] if old.msgid_plural is not None else old.msgstr
        prev = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural) if old.fuzzy \
            else (old.msgctxt, old.msgid, old.msgid_plural)
    entry.comments = list(old.comments)
    entry.extracted_comments = list(ref.extracted_comments)
    fuzzy = old.fuzzy or force_fuzzy or ref.msgid_plural != old.msgid_plural
    old_range = range_flag(old.flags)
    if not fuzzy and old_range is not None:
        new_range = range_flag(ref.flags)
        fuzzy = new_range is None or not (new_range[0] >= old_range[0] and new_range[1] <= old_range[1])
    entry.flags = (["fuzzy"] if fuzzy else []) + [f for f in ref.flags if f != "fuzzy"]
    if previous:
        entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = prev
    entry.obsolete = ref.obsolete
    entry.references = list(ref.references)
    problem = 0
    if ref.msgid_plural is not None and old.msgid_plural is None:
        problem = 1
    elif ref.msgid_plural is None and len(old.translations) > 1:
        problem = 2
    return entry, problem


def _fix_plurals(entries: list[Entry], problems: dict[int, int], nplurals: int) -> None:
    """A singular translation for a plural message: copied into each plural
    form; plural translations for a singular message: the first kept. Both
    fuzzy (GNU's postprocessing, so that msgfmt -c passes)."""
    for entry in entries:
        problem = problems.get(id(entry), 0)
        if problem == 1 and nplurals > 0:
            entry.msgstr_plural = entry.msgstr_plural[:1] * nplurals if entry.msgstr_plural else [""] * nplurals
            entry.fuzzy = True
        elif problem == 2:
            entry.fuzzy = True


def _untranslated(ref: Entry, nplurals: int) -> Entry:
    entry = ref.copy()
    entry.keep_text(Entry(""))
    if entry.msgid_plural is not None and not any(entry.msgstr_plural):
        entry.msgstr_plural = [""] * nplurals
    return entry

