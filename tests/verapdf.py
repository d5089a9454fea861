"""veraPDF, the PDF Association's validator, run from the tests.

`validate(pdfs)` checks any number of PDFs in one run of veraPDF (each run
costs a few seconds of Java start-up) and returns a `Report` per file: the
profile veraPDF used and the rules that failed, with how many checks of
each failed. `explain(reports)` turns failures into an assertion message.

By default veraPDF picks each file's profile from what the file claims in
its XMP metadata (pdfuaid, pdfaid): one run checks a screen edition against
PDF/UA-1 and an archive edition against PDF/A-3b. A test should assert the
profile too, so that a file that stops claiming its standard does not pass
against some other profile.

veraPDF is a tool for checking output, not part of brief: it lives next to
the project, at ``../shared/tools/verapdf/verapdf`` (README beside it), and
needs Java 17. `unavailable()` says why it cannot run, for a skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["VERAPDF", "Report", "unavailable", "validate", "explain"]

ROOT = Path(__file__).resolve().parent.parent
TOOL = Path("shared", "tools", "verapdf", "verapdf")


def _main_checkout(root: Path) -> Path:
    """The project's main checkout: `root` itself, or, when `root` is a git
    worktree (its .git a file naming .../.git/worktrees/<name>), the checkout
    that holds that .git."""
    dot_git = root / ".git"
    if dot_git.is_file():
        line = dot_git.read_text(encoding="utf-8").strip()
        if line.startswith("gitdir:"):
            gitdir = (root / line.removeprefix("gitdir:").strip()).resolve()
            if gitdir.parent.name == "worktrees":
                return gitdir.parent.parent.parent
    return root


#: ``../shared/tools/verapdf/verapdf`` from the project's root (the main
#: checkout's, when the tests run in a worktree).
VERAPDF = next((p for p in (ROOT.parent / TOOL, _main_checkout(ROOT).parent / TOOL) if p.is_file()),
               ROOT.parent / TOOL)

#: Profiles by the names veraPDF prints, for asserting which one was used.
UA1 = "PDF/UA-1"
A3B = "PDF/A-3B"

_FILE = re.compile(r"^(PASS|FAIL|ERROR) (.+?) \(([^()]*)\): (.*)$")
_RULE = re.compile(r"^  (\S+) x(\d+): (.*)$")


@dataclass(slots=True)
class Report:
    """veraPDF's verdict on one file."""

    path: Path
    profile: str                                           # "PDF/UA-1 validation profile"
    passed: bool
    failed: dict[str, int] = field(default_factory=dict)   # rule ("7.2-20") -> failed checks
    descriptions: dict[str, str] = field(default_factory=dict)
    error: str | None = None                               # veraPDF could not check the file


def unavailable() -> str | None:
    """Why veraPDF cannot run here, or None when it can."""
    if not VERAPDF.is_file():
        return f"veraPDF is not installed at {VERAPDF} (see /work/shared/tools/verapdf/README.md)"
    if shutil.which("java") is None:
        return "veraPDF needs Java 17 or later (apt-get install default-jre-headless)"
    return None


def validate(pdfs: Iterable[str | Path], flavour: str = "0") -> dict[Path, Report]:
    """Check `pdfs` in one veraPDF run against `flavour` ("ua1", "3b", ...;
    "0": the profile each file claims). Every file gets a report."""
    paths = [Path(p).resolve() for p in pdfs]
    if not paths:
        return {}
    run = subprocess.run([str(VERAPDF), "-f", flavour, *map(str, paths)],
                         capture_output=True, text=True, timeout=600)
    if run.returncode == 2:
        raise RuntimeError(f"veraPDF did not run: {run.stderr.strip()}")
    reports: dict[Path, Report] = {}
    current: Report | None = None
    for line in run.stdout.splitlines():
        if m := _FILE.match(line):
            verdict, name, profile, rest = m.groups()
            current = Report(Path(name).resolve(), profile, verdict == "PASS",
                             error=rest if verdict == "ERROR" else None)
            reports[current.path] = current
        elif (m := _RULE.match(line)) and current is not None:
            rule, count, text = m.groups()
            current.failed[rule] = int(count)
            current.descriptions[rule] = text
    for path in paths:
        if path not in reports:
            reports[path] = Report(path, "", False, error=f"no verdict; veraPDF said: {run.stderr[-2000:]}")
    return reports


def explain(reports: Iterable[Report]) -> str:
    """The failures of `reports`, one line a rule, for an assertion message."""
    lines = []
    for r in reports:
        if r.error:
            lines.append(f"{r.path.name}: not checked: {r.error}")
        elif not r.passed:
            lines.append(f"{r.path.name} fails {r.profile}:")
            lines += [f"  {rule} x{n}: {r.descriptions.get(rule, '')}" for rule, n in r.failed.items()]
    return "\n".join(lines)
