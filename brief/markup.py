"""Inline Markdown, the form every text of a brief keeps until it is rendered.

The note call ``[^label]`` is a markdown-it extension (a plain function, like
mdit-py-plugins' own). Finding calls goes through the same parser that
renders them, so that ``\\[^1]`` and `` `[^1]` `` are text, not calls, in
the checks exactly as on the page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

__all__ = ["NOTE_CALL", "note_call_plugin", "note_calls", "inline_parser", "plain_text", "token_text", "squash",
           "Image", "images", "links", "nesting"]

#: The shape of a note call: ``[^label]`` not followed by ``:``.
NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def note_call_plugin(md: MarkdownIt) -> None:
    """``[^label]`` becomes a ``note_call`` token whose meta holds the label."""

    def rule(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith("[^", state.pos):
            return False
        m = NOTE_CALL.match(state.src, state.pos)
        if not m:
            return False
        if not silent:
            token = state.push("note_call", "", 0)
            token.meta = {"label": m.group(1)}
        state.pos = m.end()
        return True

    md.inline.ruler.before("link", "note_call", rule)


@functools.cache
def inline_parser() -> MarkdownIt:
    """The inline parser of the format: CommonMark, no raw HTML, note calls.

    A note call renders through ``env["inline"]`` (`brief.render.Inline`),
    which knows the edition's marks; parsing needs no env."""
    md = MarkdownIt("commonmark", {"html": False}).use(note_call_plugin)
    md.add_render_rule("note_call", _render_note_call)
    return md


def _render_note_call(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return str(env["inline"].note_call(tokens[idx].meta["label"]))


@functools.lru_cache(maxsize=4096)
def _calls(text: str) -> tuple[str, ...]:
    labels: list[str] = []
    for block in inline_parser().parseInline(text, {}):
        labels += [t.meta["label"] for t in block.children or [] if t.type == "note_call"]
    return tuple(labels)


def note_calls(text: str) -> list[str]:
    """The labels of the notes called in an inline Markdown text, in order."""
    if "[^" not in text:
        return []
    return list(_calls(text))


@dataclass(frozen=True, slots=True)
class Image:
    """An image in inline Markdown: its source as written (decoded) and its alt text."""

    src: str
    alt: str


def _every_token(tokens: list[Token]) -> Iterator[Token]:
    """Parsed inline tokens and their children, depth first."""
    for tok in tokens:
        yield tok
        yield from _every_token(tok.children or [])


@functools.lru_cache(maxsize=4096)
def _images(text: str) -> tuple[Image, ...]:
    return tuple(
        Image(unquote(str(tok.attrGet("src") or "")),
              squash(str(tok.attrGet("title") or "") or token_text(tok.children or [])))
        for tok in _every_token(inline_parser().parseInline(text, {})) if tok.type == "image")


def images(text: str) -> list[Image]:
    """The images of an inline Markdown text, in order, with their sources
    as the author wrote them: markdown-it percent-encodes a destination
    (``grafiek-één.png`` becomes ``grafiek-%C3%A9%C3%A9n.png``), this
    decodes it again."""
    if "![" not in text:
        return []
    return list(_images(text))


@functools.lru_cache(maxsize=4096)
def _links(text: str) -> tuple[str, ...]:
    return tuple(unquote(str(tok.attrGet("href") or ""))
                 for tok in _every_token(inline_parser().parseInline(text, {})) if tok.type == "link_open")


def links(text: str) -> list[str]:
    """The targets of the links of an inline Markdown text, decoded as `images`."""
    if "](" not in text:
        return []
    return list(_links(text))


@functools.lru_cache(maxsize=4096)
def nesting(text: str) -> int:
    """How deep the inline markup of a text nests (``***a***`` is 2): each
    level is an element inside the one before, which the layout walks
    recursively."""
    deepest = 0
    for block in inline_parser().parseInline(text, {}):
        depth = 0
        for tok in block.children or []:
            depth += tok.nesting
            deepest = max(deepest, depth)
    return deepest


def token_text(tokens: list[Token]) -> str:
    """The words of parsed inline Markdown: text, code and the alt text of
    images; note calls and markup dropped, line breaks as spaces."""
    out: list[str] = []
    for tok in tokens:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        if tok.children:
            out.append(token_text(tok.children))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """An inline Markdown text reduced to its words, for alt text, PDF
    metadata, catalog comments and checks: the one way brief does it, through
    the same parser that renders the text."""
    return squash(token_text(inline_parser().parseInline(markdown, {})))


def squash(text: str) -> str:
    """Runs of ordinary white space as one space; no-break spaces are kept,
    since typography put them there on purpose."""
    return _SPACES.sub(" ", text).strip(" ")


_SPACES = re.compile(r"[ \t\r\n]+")
