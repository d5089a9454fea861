"""A killed build leaves debris (a ``.NAME.XXXXXXXX.part`` file beside the
PDF, WeasyPrint's copies of the fonts in $TMPDIR); the next run removes
what is provably brief's and stale, and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from brief.errors import SetupError
from brief.files import PART_SUFFIX, WORK_PREFIX, write_atomic


def age(path: Path, seconds: float = 3600) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old), follow_symlinks=False)


def hold_lock(path: Path) -> subprocess.Popen[bytes]:
    """Another live process holding an advisory lock on `path`, as a build
    writing it does."""
    code = (f"import fcntl, os, sys, time; fd = os.open({str(path)!r}, os.O_RDONLY); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
    return proc


def test_stale_part_files_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "nota-nl.pdf"
    stale = tmp_path / f".{target.name}.abcd1234{PART_SUFFIX}"
    live = tmp_path / f".{target.name}.live5678{PART_SUFFIX}"
    other = tmp_path / f".ander.pdf.abcd1234{PART_SUFFIX}"       # another file's
    unlike = tmp_path / f".{target.name}.not-ours{PART_SUFFIX}"  # not our pattern
    for p in (stale, live, other, unlike):
        p.write_bytes(b"half a PDF")
        age(p)
    holder = hold_lock(live)
    try:
        write_atomic(target, b"%PDF whole")
    finally:
        holder.kill()
        holder.wait()
    assert target.read_bytes() == b"%PDF whole"
    assert not stale.exists()
    assert live.exists() and other.exists() and unlike.exists()


def test_a_part_file_newer_than_the_process_is_kept(tmp_path: Path) -> None:
    """A file written after this process started may be another build's."""
    target = tmp_path / "nota.po"
    fresh = tmp_path / f".{target.name}.abcd1234{PART_SUFFIX}"
    fresh.write_bytes(b"x")
    os.utime(fresh, (time.time() + 5, time.time() + 5))
    write_atomic(target, b"msgid")
    assert fresh.exists()


BUILD = textwrap.dedent("""
    import os, sys, time, pathlib
    import brief
    from brief import build, Options
    b = brief.load(sys.argv[1])
    build.pages(b, build.variant("screen"), Options())
    print(os.environ["TMPDIR"], flush=True)
    time.sleep(60)
""")


def test_font_folders_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    """WeasyPrint copies the fonts into a temporary folder that it removes
    only if the process ends normally; brief puts it in a folder of its own,
    so that the next run can tell it is stale and remove it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    path = tmp_path / "b.md"
    path.write_text("---\ntitle: T\nlang: nl\n---\n\n# H\n\nTekst.\n", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(path)], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()
    work = [p for p in tmp.iterdir() if p.name.startswith(WORK_PREFIX)]
    assert len(work) == 1 and any(work[0].rglob("*"))  # the fonts are there
    foreign = tmp / "weasyprint-someoneelse"            # not brief's: never touched
    foreign.mkdir()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for p in [*work, foreign]:
        age(p)
    # While the killed build's folder is stale, a live build's is not:
    live = subprocess.Popen([sys.executable, "-c", BUILD, str(path)], stdout=subprocess.PIPE, env=env)
    assert live.stdout is not None
    live.stdout.readline()
    try:
        left = sorted(p.name for p in tmp.iterdir() if p.name.startswith(WORK_PREFIX))
        assert work[0].name not in left and len(left) == 1
        assert foreign.exists()
        again = subprocess.run([sys.executable, "-c", "from brief.files import work_dir; work_dir()"],
                               env=env, check=True)
        assert again.returncode == 0
        assert (tmp / left[0]).exists()  # locked by the live build: kept
        # and a process that ends normally removes its own folder
        assert sorted(p.name for p in tmp.iterdir() if p.name.startswith(WORK_PREFIX)) == left
    finally:
        live.kill()
        live.wait()


def test_an_output_folder_that_is_a_file_is_a_setup_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_bytes(b"a file")
    for target in (tmp_path / "out" / "nota.pdf", tmp_path):
        with pytest.raises(SetupError) as info:
            write_atomic(target, b"%PDF")
        assert info.value.file == str(target)
