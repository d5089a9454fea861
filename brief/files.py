"""Files as brief writes them: whole or not at all, and no debris left behind.

Every file brief writes (a PDF, a catalog, an HTML page) appears only once it
is complete: it is written next to its destination under a temporary name,
then renamed over it, so that a reader, a killed build or a full disk never
leaves half a file where a good one was.

A build that is killed (Ctrl-C twice, the OOM killer, a CI timeout) cannot
clean up after itself, so the next one does, removing only what is provably
brief's own and stale: a name of brief's own pattern, older than the running
process, and not locked by a live one (each such file or folder is held
under an advisory lock while it is in use, and the kernel drops the lock of
a killed process).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import SetupError

__all__ = ["write_atomic", "PART_SUFFIX", "work_dir", "private_tempdir", "WORK_PREFIX", "cache_dir",
           "cached", "keep"]

log = logging.getLogger("brief")

#: The suffix of the temporary file a write goes through.
PART_SUFFIX = ".part"
#: The prefix of the temporary folder of a brief process (WeasyPrint's font files go there).
WORK_PREFIX = "brief-work-"
#: When this process started using brief: debris older than this is not a
#: file being written by a build that started after us.
_STARTED = time.time()


def cache_dir() -> Path:
    """Where brief keeps, across builds and output folders, what it can make
    again (fonts packed for the web, the characters the design's fonts
    have): ``$BRIEF_CACHE``, else ``$XDG_CACHE_HOME/brief``, else
    ``~/.cache/brief``."""
    if os.environ.get("BRIEF_CACHE"):
        return Path(os.environ["BRIEF_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "brief"


def cached(kind: str, name: str) -> bytes | None:
    """What `keep` kept under `kind`/`name` in `cache_dir`, or None. The
    name carries the hash of everything the data is made from, so a hit is
    never stale."""
    try:
        return (cache_dir() / kind / name).read_bytes()
    except (OSError, RuntimeError):      # RuntimeError: no home folder to find ~ in
        return None


def keep(kind: str, name: str, data: bytes) -> None:
    """Keep `data` in `cache_dir` for `cached`; a cache that cannot be
    written only makes the next build slower, so that is not an error."""
    try:
        write_atomic(cache_dir() / kind / name, data)
    except (OSError, RuntimeError, SetupError) as e:
        log.debug("cannot keep %s/%s in the cache: %s", kind, name, e)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder,
    removing the stale temporary files of killed writes of the same path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder")
        _remove_stale_parts(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PART_SUFFIX)
    except OSError as e:
        raise SetupError(f"cannot write here: {e.strerror or e}", path,
                         hint="choose an output folder you can write to (--out)") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when the file is closed, or the process dies
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale_parts(path: Path) -> None:
    """The ``.NAME.XXXXXXXX.part`` files beside `path` that no live process holds."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"[A-Za-z0-9_]{8}" + re.escape(PART_SUFFIX))
    try:
        candidates = [p for p in path.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return
    for part in candidates:
        _remove_if_stale(part)


def _remove_if_stale(target: Path, lock: Path | None = None) -> bool:
    """Remove `target` (a file, or a folder whose lock file is `lock`) if it
    is older than this process and its lock can be taken: nobody holds it."""
    try:
        if target.lstat().st_mtime >= _STARTED:
            return False
        fd = os.open(lock or target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live process holds it
        if lock is None:
            target.unlink(missing_ok=True)
        else:
            shutil.rmtree(target, ignore_errors=True)
        return True
    finally:
        os.close(fd)


_work: Path | None = None
_work_lock: int | None = None


def work_dir() -> Path:
    """This process's private temporary folder, ``$TMPDIR/brief-work-XXXX``:
    locked while the process lives, removed when it ends. The first call
    also removes the folders that killed brief processes left."""
    global _work, _work_lock
    if _work is not None and _work.is_dir():
        return _work
    root = Path(tempfile.gettempdir())
    for stale in root.glob(f"{WORK_PREFIX}*"):
        if re.fullmatch(re.escape(WORK_PREFIX) + r"[A-Za-z0-9_]{8}", stale.name) and stale.is_dir() \
                and not stale.is_symlink() and stale.stat().st_uid == os.getuid():
            _remove_if_stale(stale, stale / ".lock")
    _work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=root))
    _work_lock = os.open(_work / ".lock", os.O_CREAT | os.O_RDONLY, 0o600)
    fcntl.flock(_work_lock, fcntl.LOCK_EX)
    atexit.register(_remove_work_dir)
    return _work


def _remove_work_dir() -> None:
    global _work, _work_lock
    if _work is not None:
        shutil.rmtree(_work, ignore_errors=True)
    if _work_lock is not None:
        os.close(_work_lock)
    _work = _work_lock = None


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path]:
    """Within it, temporary files that a library makes without asking
    (WeasyPrint's copies of the fonts) go to this process's `work_dir`, so
    that a killed build's are found and removed by the next one."""
    folder = work_dir()
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
