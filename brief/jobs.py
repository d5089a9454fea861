"""Work side by side: a pool of worker processes that runs the build's jobs,
one per core.

WeasyPrint lays a document out in pure Python, holding the interpreter's
lock: threads would take turns, processes run at once. The workers are
forked (where the system can), so that they start with WeasyPrint and
brief already imported, and each takes one job at a time.

Stopping is the parent's business. The workers ignore Ctrl-C (the terminal
sends it to every process of the group); the parent, interrupted, ends
them (SIGTERM), so that none is left running. A worker ended in the middle
of a job unwinds first, so that a file it was writing is removed, not
left half-written, then exits at once. A worker that dies (killed, out of
memory) makes the pool raise `WorkerDied`, a `SetupError`, after the jobs
still running have finished; an error in a job comes back as the exception
it raised, a `BriefError` included, after the same wait, so that no
finished work is thrown away.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import FrameType, TracebackType
from typing import Generic, TypeVar

from .errors import SetupError

__all__ = ["Pool", "WorkerDied", "default_jobs"]

log = logging.getLogger("brief")

T = TypeVar("T")
R = TypeVar("R")


class WorkerDied(SetupError):
    """A worker process ended without finishing its job."""


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- in the worker ------------------------------------------------------------------------------

class _Stop(BaseException):
    """Raised in a worker's job when the parent ends the worker."""


_busy = False


def _on_terminate(signum: int, frame: FrameType | None) -> None:
    if _busy:
        raise _Stop()           # unwind the job: files being written are removed
    os._exit(128 + signum)


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_terminate)


def _call(function: Callable[[T], R], item: T) -> R:
    global _busy
    _busy = True
    try:
        return function(item)
    except _Stop:
        sys.stderr.flush()
        os._exit(128 + signal.SIGTERM)
    finally:
        _busy = False


# -- in the parent ------------------------------------------------------------------------------

class Pool(Generic[T, R]):
    """`workers` processes running `function` on items, as a context manager:
    leaving it normally waits for the workers; leaving it on an exception
    (Ctrl-C included) ends them."""

    def __init__(self, function: Callable[[T], R], workers: int) -> None:
        self.function = function
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                             initializer=_start_worker)

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self._executor.shutdown(wait=True)
        else:
            self.terminate()

    def run(self, items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Each item with its result, as the jobs finish (not in order).

        When a job fails, the jobs not yet started are dropped, those running
        are waited for and their results given, then the first error is raised."""
        futures: dict[Future[R], T] = {self._executor.submit(_call, self.function, item): item
                                       for item in items}
        pending = set(futures)
        failure: BaseException | None = None
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: list(futures).index(f)):
                if future.cancelled():
                    continue
                error = future.exception()
                if error is None:
                    yield futures[future], future.result()
                    continue
                if failure is None:
                    failure = error
                    for other in pending:
                        other.cancel()
        if failure is not None:
            if isinstance(failure, BrokenProcessPool):
                raise WorkerDied("a build process ended before its work was done (killed, or out of "
                                 "memory)", hint="build again: what was finished is kept; with --jobs 1 "
                                 "if memory is short") from None
            raise failure

    def terminate(self) -> None:
        """End the workers now (SIGTERM), and wait until they are gone."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
