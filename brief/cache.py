"""The build cache: an output that nothing it is made from has changed in
is not built again.

Each output file of `brief.build.build` has a key: a SHA-256 of everything
it is made from (`Inputs`):

* the brief (its model, as the loader made it or as Python code changed
  it, and its Markdown file, which the archive attaches);
* the edition's catalog (a translation), and its figures' files;
* every file of the styles folder (stylesheets, fonts);
* the files the variant reads besides (the press edition's ICC profile);
* brief itself: its version and its own files (code, templates, the
  templates' catalogs), and the versions of WeasyPrint, pydyf, pypdf and
  pypdfium2;
* the variant, and the options that change the file (the styles, catalogs
  and profile above, found where the options say).

Next to the output, in ``<out>/.brief-cache/<file>.json``, a manifest
records the key, the SHA-256 of the file as it was written, its page count
and what its preflight found. A file is served from the cache only when its
manifest has the same key *and* the file on disk still has the recorded
hash: a file changed or cut short since is built again, never served. The
manifest is written (atomically, like the PDF) after its file: a build
killed between the two leaves the old manifest, whose hash no longer
matches, and the file is built again. Deleting the folder empties the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from .check import Problem
from .files import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from .model import Brief
    from .options import Options
    from .variants import Variant

__all__ = ["Cache", "Entry", "Inputs", "CACHE_DIR", "FORMAT", "file_digest"]

log = logging.getLogger("brief")

#: The cache's folder, in the output folder.
CACHE_DIR = ".brief-cache"
#: The manifest's format; another format is a miss.
FORMAT = 1


@dataclass(slots=True)
class Entry:
    """What the cache knows of one output file."""

    key: str
    sha256: str
    pages: int
    seconds: float
    summary: str
    #: What the preflight found; None when the file was built without it.
    problems: list[Problem] | None = None
    #: The edition's own problems (glyphs, alt text), kept with its first file.
    edition_problems: list[Problem] | None = None

    def as_json(self) -> dict[str, Any]:
        def listed(problems: list[Problem] | None) -> list[dict[str, Any]] | None:
            return None if problems is None else [p.as_dict() for p in problems]
        return {"format": FORMAT, "key": self.key, "sha256": self.sha256, "pages": self.pages,
                "seconds": self.seconds, "summary": self.summary, "problems": listed(self.problems),
                "edition_problems": listed(self.edition_problems)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        def problems(value: Any) -> list[Problem] | None:
            return None if value is None else [Problem(**p) for p in value]
        return cls(str(data["key"]), str(data["sha256"]), int(data["pages"]), float(data["seconds"]),
                   str(data["summary"]), problems(data["problems"]), problems(data["edition_problems"]))


class Cache:
    """The manifests of the output files of one folder."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.folder = self.out / CACHE_DIR

    def manifest(self, path: Path) -> Path:
        """The manifest of an output: named after its path in the output
        folder (a web edition's ``<name>-<lang>/index.html`` too)."""
        try:
            name = "__".join(Path(path).resolve().relative_to(self.out.resolve()).parts)
        except ValueError:
            name = Path(path).name
        return self.folder / f"{name}.json"

    def lookup(self, path: Path, key: str) -> Entry | None:
        """The entry of `path` if its key is `key` and the file on disk is
        the one that was recorded; None otherwise (a miss)."""
        try:
            data = json.loads(self.manifest(path).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("key") != key:
                return None
            entry = Entry.from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None        # no manifest, or one cut short or from elsewhere: a miss
        try:
            if file_digest(path) != entry.sha256:
                log.info("%s: changed since it was built; building it again", path)
                return None
        except OSError:
            return None
        return entry

    def store(self, path: Path, data: bytes, entry: Entry) -> None:
        """Record `entry` for `path`, just written with `data`."""
        entry.sha256 = hashlib.sha256(data).hexdigest()
        self.update(path, entry)

    def update(self, path: Path, entry: Entry) -> None:
        """Record `entry` again (its problems, say) for an unchanged file."""
        write_atomic(self.manifest(path), json.dumps(entry.as_json(), ensure_ascii=False).encode("utf-8"))


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# -- keys ----------------------------------------------------------------------------------------

@dataclass(slots=True)
class Inputs:
    """The keys of one build's outputs. Files are read and hashed once per
    build (a brief's editions share their styles and fonts)."""

    _files: dict[tuple[str, int, int], str] = field(default_factory=dict)
    _package: str | None = None
    _briefs: dict[int, tuple[Brief, bytes]] = field(default_factory=dict)

    def file(self, path: Path) -> str:
        """A file's hash ("missing" for a file that is not there)."""
        try:
            stat = path.stat()
        except OSError:
            return "missing"
        stamp = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        found = self._files.get(stamp)
        if found is None:
            found = self._files[stamp] = file_digest(path)
        return found

    def folder(self, root: Path, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """(relative path, hash) of every file under `root`, in order."""
        if not root.is_dir():
            return [(str(root), "missing")]
        return [(str(p.relative_to(root)), self.file(p)) for p in sorted(root.rglob("*"))
                if p.is_file() and not any(part in skip for part in p.relative_to(root).parts)
                and "__pycache__" not in p.parts]

    def package(self) -> str:
        """brief's version, its own files, and the versions of the libraries
        that write and check the PDF."""
        if self._package is None:
            from . import __version__
            here = Path(__file__).resolve().parent
            digest = hashlib.sha256()
            # Versions as installed (importing WeasyPrint only to ask would cost half a second).
            versions = [__version__, *(version(name) for name in ("weasyprint", "pydyf", "pypdf", "pypdfium2"))]
            digest.update(repr(versions).encode())
            digest.update(repr(self.folder(here, skip=("styles",))).encode())
            self._package = digest.hexdigest()
        return self._package

    def edition(self, brief: Brief, lang: str, options: Options, figures: list[Path],
                catalog: Path | None, styles: Path) -> str:
        """The key of what every output of the `lang` edition shares."""
        digest = hashlib.sha256()
        digest.update(f"brief-cache {FORMAT}\n{self.package()}\n{lang}\n".encode())
        # The options that change what is printed (the others name files, hashed below).
        digest.update(f"fuzzy {options.fuzzy}\n".encode())
        digest.update(self._model(brief))
        if brief.path is not None:
            digest.update(f"source {self.file(Path(brief.path))}\n".encode())
        if catalog is not None:
            digest.update(f"catalog {catalog} {self.file(catalog)}\n".encode())
        for figure in figures:
            digest.update(f"figure {figure} {self.file(figure)}\n".encode())
        digest.update(repr(("styles", self.folder(styles))).encode())
        return digest.hexdigest()

    def _model(self, brief: Brief) -> bytes:
        """The hash of the brief's model (once per brief: its editions share it)."""
        known = self._briefs.get(id(brief))
        if known is None or known[0] is not brief:
            known = self._briefs[id(brief)] = (brief, hashlib.sha256(pickle.dumps(brief, protocol=5)).digest())
        return known[1]

    def output(self, edition_key: str, out: Variant, options: Options) -> str:
        """The key of one output: the edition's, the variant, and the files
        that the variant's extras (the press's ICC profile) name."""
        digest = hashlib.sha256(f"{edition_key}\n{out.name}\n".encode())
        if out.extras is not None:
            extras = out.extras(options)
            digest.update(extras.css.encode())
            for url in re.findall(r"url\(\"?(file:[^\")]+)", extras.css):
                digest.update(f"{url} {self.file(Path(unquote(urlparse(url).path)))}\n".encode())
        return digest.hexdigest()
