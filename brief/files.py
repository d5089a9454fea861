"""Files as brief writes them: whole or not at all.

Every file brief writes (a PDF, a catalog, an HTML page) appears only once it
is complete: it is written next to its destination under a temporary name,
then renamed over it, so that a reader, a killed build or a full disk never
leaves half a file where a good one was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "PART_SUFFIX"]

#: The suffix of the temporary file a write goes through.
PART_SUFFIX = ".part"


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PART_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
