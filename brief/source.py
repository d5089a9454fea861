"""Markdown → model: the loader for the brief format (docs/format.md).

markdown-it-py parses; this module only walks its tokens, which carry their
source lines, and builds the model. The format's extensions are plugins:
front matter, ``[^label]`` note definitions (mdit-py-plugins' footnote rule,
left in place so that every definition keeps its line) and ``:::`` fenced
divs (one catch-all container, so that an unknown name is *our* error).
Raw HTML is off: it reaches the page as text, never as markup.
"""

from __future__ import annotations

import datetime
import difflib
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import SourceError
from .inputs import FORBIDDEN, IMAGE_TYPES, check_image, file_problems, text_problems
from .markup import token_text
from .meta import field_problems, licence_code
from .model import (
    META_KEYS,
    NOTE_CALL,
    Block,
    Box,
    Brief,
    Cell,
    Chapter,
    Code,
    Figure,
    Heading,
    ItemList,
    Lead,
    ListItem,
    Location,
    Note,
    Paragraph,
    PullQuote,
    Quote,
    Rule,
    Section,
    Table,
)

__all__ = ["load", "loads", "parser", "check_image", "IMAGE_TYPES", "MAX_CHARS"]

log = logging.getLogger("brief")

DIVS = ("lead", "pullquote", "box")
_ATTRS = re.compile(r"\{[^{}]*\}")


def parser() -> MarkdownIt:
    """The block parser of the format (CommonMark, no raw HTML, plus plugins)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(front_matter_plugin)
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    md.use(container_plugin, name="div", validate=lambda params, *args: True)
    return md


#: The largest brief read, in characters: some 150,000 words, five times the
#: longest policy brief. A larger file is refused before it is parsed, so
#: that no input takes unbounded time or memory.
MAX_CHARS = 1_000_000


def load(path: str | Path, *, cls: type[Brief] = Brief) -> Brief:
    """Read a brief from a Markdown file (into an instance of `cls`, a
    subclass of `Brief` such as the API's, which adds the output methods)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise SourceError("is a folder, not a brief", path, hint="give the Markdown file of the brief")
        size = path.stat().st_size
        if size > 4 * MAX_CHARS:  # more than the characters allowed, even at 4 bytes each
            raise _too_large(path, size, "bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path, hint="check the path of the brief") from None
    except OSError as e:
        raise SourceError(f"cannot be read: {e.strerror or e}", path, hint="check the path of the brief") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceError("not UTF-8 text", path, line, hint="save the file as UTF-8") from None
    return loads(text, path, cls=cls)


def _too_large(path: Path, size: int, unit: str = "characters") -> SourceError:
    return SourceError(f"the brief is too large ({size:,} {unit}; brief reads at most {MAX_CHARS:,} characters)",
                       path, hint="split it into several briefs, or check that this is the right file")


def loads(text: str, path: str | Path = "<string>", *, cls: type[Brief] = Brief) -> Brief:
    """Read a brief from Markdown text; `path` names it in errors and locates its images."""
    path = Path(path)
    if len(text) > MAX_CHARS:
        raise _too_large(path, len(text))
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write
    _refuse_characters(text, path)
    env: dict[str, Any] = {}
    tokens = parser().parse(text, env)
    if not tokens or tokens[0].type != "front_matter":
        raise SourceError("the brief has no front matter", path, 1,
                          hint="start the file with a '---' line, 'title:' and 'lang:', and a closing '---'")
    brief = _front_matter(tokens[0], path, cls)
    brief.references = env.get("references", {})
    _Walker(brief, tokens, path).run()
    # The model's own rules first: they bound what the others walk through.
    problems = field_problems(brief) + brief.problems()
    if not problems:
        problems = text_problems(brief) or file_problems(brief)
    if problems:
        raise SourceError.gather(sorted(problems, key=lambda e: e.line or 0))
    return brief


def _refuse_characters(text: str, path: Path, first_line: int = 1) -> None:
    m = FORBIDDEN.search(text)
    if m:
        line = first_line + text.count("\n", 0, m.start())
        char = m.group()
        what = "half of a surrogate pair" if "\ud800" <= char <= "\udfff" else "a control character"
        raise SourceError(f"the text holds {what} (U+{ord(char):04X}), which no page can show", path, line,
                          hint="remove it; re-save the file as UTF-8 if it came from another program")


# -- front matter -------------------------------------------------------------

def _front_matter(token: Token, path: Path, cls: type[Brief]) -> Brief:
    first = 2  # the line after the opening '---'
    try:
        node = yaml.compose(token.content)
        data = yaml.safe_load(token.content)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        position = getattr(e, "position", None)
        line = first + mark.line if mark else \
            first + token.content.count("\n", 0, position) if position is not None else 1
        problem = getattr(e, "problem", None) or getattr(e, "reason", None) or "cannot be read"
        raise SourceError(f"invalid YAML in the front matter: {problem}", path, line,
                          hint="check the indentation, and quote values that contain ':'") from None
    except RecursionError:
        raise SourceError("the front matter is nested too deeply", path, first,
                          hint="write each setting as 'key: value'") from None
    except (ValueError, OverflowError) as e:
        # A YAML timestamp that is no date (2026-02-30): PyYAML raises as it builds it.
        raise SourceError(f"invalid date in the front matter: {e}", path, _bad_timestamp(node, first),
                          hint="write a date as YYYY-MM-DD, a real day") from None
    if not isinstance(data, dict):
        raise SourceError("the front matter must be 'key: value' lines", path, first)
    lines = {k.value: first + k.start_mark.line for k, _ in node.value} if node else {}
    loc = {k: Location(str(path), lines.get(k, first)) for k in data if isinstance(k, str)}

    def fail(key: str, message: str, hint: str | None = None) -> SourceError:
        return SourceError(message, path, loc[key].line if key in loc else first, hint=hint)

    for key in data:
        if not isinstance(key, str) or (key not in META_KEYS and not key.startswith("x-")):
            close = difflib.get_close_matches(str(key), META_KEYS, n=1)
            raise fail(key, f"unknown front-matter key '{key}'",
                       (f"did you mean '{close[0]}'? " if close else "")
                       + f"use one of {', '.join(META_KEYS)}, or start it with 'x-'")
    for key in ("title", "lang"):
        if not data.get(key):
            raise SourceError(f"the front matter has no '{key}'", path, first,
                             hint=f"add a line '{key}: ...'")

    values: dict[str, Any] = {}
    for key, kind in META_KEYS.items():
        if key not in data or data[key] is None:
            continue
        value = data[key]
        if kind is list:
            if isinstance(value, str) and key == "authors":
                # A name may hold a comma ("Demeulenaere, Saar"): only a list says where names end.
                raise fail(key, f"'{key}' must be a list, not the text '{value}'",
                           f"write it as [{value}], or one '- name' line for each author")
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
                raise fail(key, f"'{key}' must be a list", "write it as [a, b]")
            value = [str(v) for v in value]
        elif kind is datetime.date:
            if isinstance(value, datetime.datetime):
                value = value.date()
            elif isinstance(value, str):
                try:
                    value = datetime.date.fromisoformat(value)
                except ValueError:
                    raise fail(key, f"'{key}' is not a date", "write it as YYYY-MM-DD") from None
            if not isinstance(value, datetime.date):
                raise fail(key, f"'{key}' is not a date", "write it as YYYY-MM-DD")
        elif kind is float:
            if isinstance(value, str):
                value = value.rstrip("% ")
            try:
                value = float(value)
            except (TypeError, ValueError, OverflowError):
                raise fail(key, f"'{key}' must be a number", "write a percentage such as 80") from None
            if not 0 <= value <= 100:
                raise fail(key, f"'{key}' must be between 0 and 100")
        elif kind is bool:
            if not isinstance(value, bool):
                raise fail(key, f"'{key}' must be true or false")
        else:
            if isinstance(value, (list, dict)):
                raise fail(key, f"'{key}' must be a single value", "remove the list or the nesting")
            value = str(value).strip()
        values[key] = value
    if "licence" in values:
        values["licence"] = licence_code(values["licence"]) or values["licence"]
    for key, value in values.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                _refuse_characters(text, path, loc[key].line)

    return cls(
        title=values["title"], lang=values["lang"],
        subtitle=values.get("subtitle"), translations=values.get("translations", []),
        date=values.get("date"), publisher=values.get("publisher"),
        responsible_editor=values.get("responsible_editor"),
        legal_deposit=values.get("legal_deposit"), authors=values.get("authors", []),
        series=values.get("series"), keywords=values.get("keywords", []),
        notes_mode=values.get("notes", "endnotes"), min_translated=values.get("min_translated"),
        press=values.get("press", False),
        logo=values.get("logo"), licence=values.get("licence"), contact=values.get("contact"),
        website=values.get("website"), isbn=values.get("isbn"),
        extra={k: v for k, v in data.items() if k.startswith("x-")},
        path=path, meta_loc=loc,
    )


def _bad_timestamp(node: Any, first: int) -> int:
    """The line of the first timestamp of a front matter that is no date."""
    loader = yaml.SafeLoader("")
    for _, value in getattr(node, "value", []):
        if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(value)
            except (ValueError, OverflowError):
                return first + value.start_mark.line
    return first


# -- blocks -------------------------------------------------------------------

def _inline(token: Token) -> str:
    """The inline Markdown of a paragraph or heading, on one line, but for
    its hard line breaks (kept as backslash-newline)."""
    # Each pattern starts only where a run of spaces starts: tried from every
    # space of a long run, it would take quadratic time.
    text = re.sub(r"(?:\\|(?<! ) {2,})\n", "\x00", token.content.strip())
    text = re.sub(r"(?<![ \t])[ \t]*\n[ \t]*", " ", text)
    return text.replace("\x00", "\\\n")


def _heading_attrs(text: str, loc: Location) -> tuple[str, dict[str, Any]]:
    """Split Pandoc's trailing ``{#id .class}`` off a heading.

    The last ``{`` is found first, and only what follows it is matched: a
    pattern anchored at the end but searched from every position would take
    quadratic time on a long run of spaces."""
    stripped = text.rstrip()
    start = stripped.rfind("{")
    if start < 0 or not _ATTRS.fullmatch(stripped, start):
        return text, {}
    try:
        _, attrs = parse_attrs(stripped[start:])
    except ParseError:
        return text, {}  # braces that are words of the title, not attributes
    return stripped[:start].rstrip(), attrs


class _Walker:
    """Walks markdown-it's flat token list and builds the nested model."""

    def __init__(self, brief: Brief, tokens: list[Token], path: Path) -> None:
        self.brief = brief
        self.tokens = tokens
        self.pos = 1  # after the front matter
        self.file = str(path)
        self.chapter: Chapter | None = None
        self.section: Section | None = None
        #: A ``Table:`` caption read just before its table.
        self.pending_caption: str | None = None

    def loc(self, token: Token) -> Location:
        if token.map:
            return Location(self.file, token.map[0] + 1)
        for t in self.tokens[self.pos:]:
            if t.map:
                return Location(self.file, t.map[0] + 1)
        return Location(self.file, 1)

    def run(self) -> None:
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == "heading_open" and tok.tag in ("h1", "h2"):
                self.heading(tok)
            elif tok.type == "footnote_reference_open":
                self.note_definition(tok)
            else:
                block = self.block()
                if block is None:
                    continue
                if isinstance(block, Lead):
                    self.attach_lead(block)
                else:
                    self.target().append(block)

    def target(self) -> list[Block]:
        if self.section is not None:
            return self.section.blocks
        if self.chapter is None:
            # Text before the first heading: an untitled opening chapter.
            self.chapter = self.brief.chapter("", numbered=False)
            self.chapter.loc = Location(self.file, 1)
        return self.chapter.blocks

    def attach_lead(self, lead: Lead) -> None:
        if self.chapter is None or (self.chapter.title == "" and not self.chapter.numbered):
            raise SourceError.at(lead.loc, "a lead before the first chapter",
                                 hint="put '::: lead' right under a '# Chapter' heading")
        if self.chapter.lead_block is not None:
            first = self.chapter.lead_block.loc
            raise SourceError.at(lead.loc, "a second lead in one chapter",
                                 hint=f"merge it with the lead at line {first.line if first else '?'}")
        self.chapter.lead_block = lead

    def heading(self, tok: Token) -> None:
        loc = self.loc(tok)
        text, attrs = _heading_attrs(_inline(self.tokens[self.pos + 1]), loc)
        self.pos += 3
        numbered = "unnumbered" not in attrs.get("class", "").split()
        anchor = attrs.get("id")
        if tok.tag == "h1":
            self.chapter = self.brief.chapter(text, numbered=numbered, anchor=anchor)
            self.chapter.loc = loc
            self.section = None
        else:
            if self.chapter is None:
                self.target()
            assert self.chapter is not None
            self.section = self.chapter.section(text, numbered=numbered, anchor=anchor)
            self.section.loc = loc

    def note_definition(self, tok: Token) -> None:
        label = tok.meta["label"]
        self.pos += 1
        loc = self.loc(tok)
        parts: list[str] = []
        while self.tokens[self.pos].type != "footnote_reference_close":
            block = self.block()
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif block is not None:
                raise SourceError.at(loc, f"note [^{label}] holds more than paragraphs",
                                 hint="a note is text: write lists and boxes in the body")
        self.pos += 1
        if label in self.brief.notes:
            first = self.brief.notes[label].loc
            raise SourceError.at(loc, f"note [^{label}] is defined twice",
                             hint=f"it is also defined at line {first.line if first else '?'}; "
                                  "remove one or give it another label")
        self.brief.notes[label] = Note(label, "\n\n".join(parts), loc)

    def blocks_until(self, close: str) -> list[Block]:
        out: list[Block] = []
        while self.tokens[self.pos].type != close:
            tok = self.tokens[self.pos]
            if tok.type == "footnote_reference_open":
                self.note_definition(tok)
                continue
            block = self.block()
            if isinstance(block, Lead):
                raise SourceError.at(block.loc, "a lead inside another block",
                                     hint="put '::: lead' right under a '# Chapter' heading")
            if block is not None:
                out.append(block)
        self.pos += 1
        return out

    def block(self) -> Block | Lead | None:
        tok = self.tokens[self.pos]
        loc = self.loc(tok)
        kind = tok.type
        if kind == "paragraph_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            following = self.tokens[self.pos] if self.pos < len(self.tokens) else None
            if following is not None and following.type == "table_open":
                caption = _caption(inline)
                if caption is not None:
                    self.record_calls(inline, loc)
                    self.pending_caption = caption
                    return None
            return self.paragraph(inline, loc)
        if kind == "heading_open":
            text = _heading_attrs(_inline(self.tokens[self.pos + 1]), loc)[0]
            self.pos += 3
            return Heading(text, int(tok.tag[1]), loc)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.item_list(tok, loc)
        if kind == "blockquote_open":
            self.pos += 1
            return Quote(self.blocks_until("blockquote_close"), loc)
        if kind in ("fence", "code_block"):
            self.pos += 1
            return Code(tok.content.rstrip("\n"), loc)
        if kind == "hr":
            self.pos += 1
            return Rule(loc)
        if kind == "container_div_open":
            return self.div(tok, loc)
        if kind == "table_open":
            return self.table(loc)
        if kind == "front_matter":
            raise SourceError.at(loc, "a second front matter block",
                             hint="keep one '---' block, at the very top")
        # Anything else (a stray closing token) carries no text of its own.
        self.pos += 1
        return None

    def table(self, loc: Location) -> Table:
        """A GFM pipe table, and its caption: a paragraph ``Table: ...`` (or
        ``: ...``, as in Pandoc) right before or right after it."""
        head: list[Cell] = []
        rows: list[list[Cell]] = []
        align: list[str | None] = []
        row_loc = loc
        self.pos += 1
        while self.tokens[self.pos].type != "table_close":
            tok = self.tokens[self.pos]
            if tok.type == "tr_open":
                row_loc = self.loc(tok)
                if rows or head:
                    rows.append([])
            elif tok.type in ("th_open", "td_open"):
                inline = self.tokens[self.pos + 1]
                self.record_calls(inline, row_loc)
                cell = Cell(_inline(inline), row_loc)
                if tok.type == "th_open":
                    head.append(cell)
                    style = str(tok.attrGet("style") or "")
                    align.append(style.partition("text-align:")[2] or None)
                else:
                    rows[-1].append(cell)
                self.pos += 2
            self.pos += 1
        self.pos += 1
        caption = self.pending_caption
        self.pending_caption = None
        if caption is None:
            caption = self.caption_after()
        row_headers = bool(head) and not head[0].text and len(head) > 1
        return Table(head, rows, align, caption or "", row_headers, loc)

    def caption_after(self) -> str | None:
        """The caption paragraph right after a table, if there is one (taken)."""
        if self.pos + 2 < len(self.tokens) and self.tokens[self.pos].type == "paragraph_open":
            caption = _caption(self.tokens[self.pos + 1])
            if caption is not None:
                self.record_calls(self.tokens[self.pos + 1], self.loc(self.tokens[self.pos]))
                self.pos += 3
                return caption
        return None

    def paragraph(self, inline: Token, loc: Location) -> Paragraph | Figure:
        self.record_calls(inline, loc)
        kids = [k for k in inline.children or [] if not (k.type == "text" and not k.content.strip())]
        if len(kids) == 1 and kids[0].type == "image":
            img = kids[0]
            src = unquote(str(img.attrGet("src") or ""))
            m = re.match(r"!\[(.*)\]", inline.content.strip(), re.S)
            caption = m.group(1).strip() if m else img.content
            alt = str(img.attrGet("title") or "") or token_text(img.children or []).strip()
            return Figure(src, re.sub(r"\s*\n\s*", " ", caption), alt, loc)
        return Paragraph(_inline(inline), loc)

    def record_calls(self, inline: Token, loc: Location) -> None:
        """Where each note is called, to the line (a paragraph may span many)."""
        raw = inline.content
        line, counted = loc.line, 0
        for m in NOTE_CALL.finditer(raw):
            line += raw.count("\n", counted, m.start())  # counted once over the paragraph
            counted = m.start()
            if m.group(1) not in self.brief.call_locs:
                self.brief.call_locs[m.group(1)] = Location(loc.file, line)

    def item_list(self, tok: Token, loc: Location) -> ItemList:
        ordered = tok.type == "ordered_list_open"
        start = int(tok.attrGet("start") or 1) if ordered else 1
        close = tok.type.replace("_open", "_close")
        self.pos += 1
        items: list[ListItem] = []
        while self.tokens[self.pos].type != close:
            item_tok = self.tokens[self.pos]
            item_loc = self.loc(item_tok)
            self.pos += 1
            blocks = self.blocks_until("list_item_close")
            text = ""
            if blocks and isinstance(blocks[0], Paragraph):
                text = blocks.pop(0).text  # type: ignore[union-attr]
            items.append(ListItem(text, blocks, item_loc))
        self.pos += 1
        return ItemList(items, ordered, start, loc)

    def div(self, tok: Token, loc: Location) -> Block | Lead:
        name = _div_name(tok.info, loc)
        self.pos += 1
        blocks = self.blocks_until("container_div_close")
        if not self.tokens[self.pos - 1].markup:  # closed by the end of the file (or of a list item)
            raise SourceError.at(loc, f"the '::: {name}' block is never closed",
                                 hint="end it with a line ':::' after its last line")
        if name == "lead":
            return Lead(blocks, loc)
        if name == "pullquote":
            if not blocks or not all(isinstance(b, Paragraph) for b in blocks):
                raise SourceError.at(loc, "a pull quote holds one sentence of text",
                                 hint="write a short paragraph between '::: pullquote' and ':::'")
            return PullQuote(" ".join(b.text for b in blocks), loc)  # type: ignore[union-attr]
        title, title_loc = None, None
        if blocks and isinstance(blocks[0], Heading):
            heading = blocks.pop(0)
            title, title_loc = heading.text, heading.loc  # type: ignore[union-attr]
        return Box(title, blocks, loc, title_loc)


_CAPTION = re.compile(r"(?:Table)?:[ \t]+(?=\S)")


def _caption(inline: Token) -> str | None:
    """The caption of a ``Table: ...`` (or ``: ...``) paragraph; None for
    another paragraph."""
    text = _inline(inline)
    m = _CAPTION.match(text)
    return text[m.end():] if m else None


def _div_name(info: str, loc: Location) -> str:
    params = info.strip()
    if params.startswith("{"):
        try:
            _, attrs = parse_attrs(params)
        except ParseError:
            attrs = {}
        names = attrs.get("class", "").split()
    else:
        names = params.split()[:1]
    name = names[0] if names else ""
    if name not in DIVS:
        shown = f"'::: {name}'" if name else "':::' without a name"
        raise SourceError.at(loc, f"unknown block {shown}",
                         hint="use '::: lead', '::: pullquote' or '::: box'")
    return name
