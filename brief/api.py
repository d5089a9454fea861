"""The Python API: `load` and a `Brief` that can write itself.

The model (`brief.model.Brief`) is data and knows no stage of the pipeline;
this subclass adds the two output methods, which run `brief.build`, so that
``brief.load(path).write_pdf(out)`` and a brief built in Python take the
same road as the command line: validated, front matter honoured, checked.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from . import build, model, source
from .options import Options
from .render import render_html

__all__ = ["Brief", "load", "loads"]

log = logging.getLogger("brief")


class Brief(model.Brief):
    """A policy brief (see `brief.model.Brief`) with its output methods."""

    __slots__ = ()

    def render_html(self, lang: str | None = None, *, stylesheet: str | None = None, **options: Any) -> str:
        """The HTML of one edition (the source language by default), from
        its catalog; `options` as `brief.Options` (``locales=...``)."""
        opts = Options.make(also=("lang", "stylesheet"), **options)
        build.validate(self)
        return render_html(build.edition(self, lang, opts).brief, stylesheet=stylesheet)

    def write_pdf(self, path: str | Path, lang: str | None = None, *, variant: str | None = None,
                  **options: Any) -> Path:
        """Write one edition's PDF to `path` (atomically) and return the path.

        Without `variant`, as the command line does: the screen edition at
        `path` and, when the front matter says ``press: true`` (or
        ``press=True`` is given), the print shop's next to it as
        ``<stem>-press.pdf``; ``archive=True`` adds ``<stem>-archive.pdf``.
        With ``variant="press"`` (or ``"archive"``), only that one, at `path`.
        The preflight runs unless ``check=False``; what it finds is logged."""
        opts = Options.make(also=("lang", "variant"), **options)
        path = Path(path)
        if variant is not None:
            names = [variant]
        else:
            names = [v.name for v in build.variants_of(self, opts)]
        targets: dict[str, str | Path] = {
            name: path if name == variant or name == "screen" else
            path.with_name(f"{path.stem}{build.variant(name).suffix}{path.suffix}") for name in names}
        # The variants that share a geometry (screen and archive) are laid out once.
        for result in build.write_outputs(self, targets, lang, options=opts):
            for problem in result.problems:
                log.warning("%s: %s", result.path, problem)
        return path


def load(path: str | Path) -> Brief:
    """Read a brief from a Markdown file."""
    found = source.load(path, cls=Brief)
    assert isinstance(found, Brief)
    return found


def loads(text: str, path: str | Path = "<string>") -> Brief:
    """Read a brief from Markdown text; `path` names it in errors and locates its images."""
    found = source.loads(text, path, cls=Brief)
    assert isinstance(found, Brief)
    return found
