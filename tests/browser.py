"""A real browser for the tests: Debian's Chromium, driven by Playwright.

The web edition is checked the way a reader meets it: in Chromium, at a
phone's and a desktop's width, with axe-core (Deque's accessibility engine,
from npm) run inside the page. Nothing is downloaded by the tests: the
browser is Debian's ``chromium`` (scripts/setup-system.sh installs it),
Playwright only drives it, and ``make setup`` puts axe-core into
``.venv/axe``.

Pages are served over http from a folder on 127.0.0.1 (a free port), as a
web server would serve the edition; every request to another host is
refused and recorded, so that a test can show that a page needs none.

Where the browser or axe-core cannot be had, the tests that need them are
skipped with the reason; on CI (``CI`` set) they fail instead, since a green
run that checked nothing would hide a broken set-up.
"""

from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

__all__ = [
    "Browser", "Site", "CHROMIUM_FLAGS", "chromium_path", "axe_path", "unavailable",
    "horizontal_overflow", "follow", "axe", "serious", "browser_fixture", "serve_fixture",
]

log = logging.getLogger("brief")

#: Flags for a root user on a machine with no network but the package
#: registries: no sandbox (root), no GPU, and none of Chromium's own
#: connections (updates, sync, QUIC probes), which would be refused.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: The impacts axe-core gives a violation, from the least to the worst.
IMPACTS = ("minor", "moderate", "serious", "critical")


def chromium_path() -> str | None:
    """Debian's Chromium (``BRIEF_CHROMIUM`` names another binary)."""
    return os.environ.get("BRIEF_CHROMIUM") or shutil.which("chromium")


def axe_path() -> Path | None:
    """axe.min.js as ``make setup`` installs it (``BRIEF_AXE_JS`` names another)."""
    if os.environ.get("BRIEF_AXE_JS"):
        return Path(os.environ["BRIEF_AXE_JS"])
    for root in (Path(sys.prefix), Path(__file__).resolve().parent.parent / ".venv"):
        candidate = root / "axe" / "node_modules" / "axe-core" / "axe.min.js"
        if candidate.is_file():
            return candidate
    return None


def unavailable(reason: str) -> None:
    """Skip, saying why; on CI, fail: there the set-up must provide it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must have it: see scripts/setup-system.sh and the Makefile)")
    pytest.skip(reason)


class Site:
    """A folder served over http on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        handler = functools.partial(Quiet, directory=str(self.folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass(slots=True)
class Browser:
    """One Chromium for the whole test session; a new context (cookies,
    viewport) for each page, so that pages do not share state."""

    playwright: Any
    chromium: Any
    axe_js: str | None
    #: Seconds: starting Playwright and Chromium (measured once).
    start_time: float = 0.0
    #: URLs of requests to any host but 127.0.0.1, refused, for every page opened.
    foreign: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> Browser:
        exe = chromium_path()
        if exe is None:
            unavailable("no Chromium: install Debian's chromium package (make setup does)")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            unavailable("no Playwright for Python: pip install -e '.[test]' (make setup does)")
        axe_file = axe_path()
        started = time.perf_counter()
        pw = sync_playwright().start()
        try:
            # Playwright gives the browser a new, empty profile of its own
            # (--user-data-dir in a temporary folder) and removes it on close.
            chromium = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
        except Exception as e:  # Playwright's Error: the browser did not start
            pw.stop()
            unavailable(f"Chromium at {exe} did not start: {str(e).splitlines()[0]}")
            raise
        browser = cls(pw, chromium, axe_file.read_text(encoding="utf-8") if axe_file else None)
        browser.start_time = time.perf_counter() - started
        log.info("Chromium %s started in %.2f s", chromium.version, browser.start_time)
        return browser

    def page(self, url: str, width: int = 1280, height: int = 900) -> Any:
        """A page at `url` in a viewport `width` CSS pixels wide, loaded
        with its fonts and images; requests to other hosts are refused."""
        context = self.chromium.new_context(viewport={"width": width, "height": height},
                                            service_workers="block", reduced_motion="reduce")
        context.set_default_timeout(10_000)   # a page of ours answers at once, or never
        context.route("**/*", lambda route: self._only_loopback(route))
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page

    def _only_loopback(self, route: Any) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        if urlparse(url).scheme in ("data", "blob") or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def close(self) -> None:
        try:
            self.chromium.close()
        finally:
            self.playwright.stop()


def horizontal_overflow(page: Any) -> int:
    """CSS pixels by which the page is wider than its viewport (0: no
    horizontal scrolling)."""
    return int(page.evaluate(
        "() => { const e = document.scrollingElement; return e.scrollWidth - e.clientWidth; }"))


def follow(page: Any, link: Any) -> str:
    """Click `link` (a Playwright locator or a CSS selector) and return the
    URL reached; for a link within the page, wait until its target is the
    document's ``:target`` and in view."""
    locator = page.locator(link) if isinstance(link, str) else link
    href = locator.get_attribute("href") or ""
    # A real mouse click where the link is shown (scrolled into view first),
    # without Playwright's waits for stability: the waits below show that
    # the click reached the link, since a covered link would not navigate.
    locator.click(force=True)
    if href.startswith("#"):
        page.wait_for_function(
            """h => { const t = location.hash === h && document.getElementById(h.slice(1));
                      if (!t) return false;
                      const r = t.getBoundingClientRect();
                      return r.bottom > 0 && r.top < innerHeight; }""",
            arg=href, polling=50)
    else:
        page.wait_for_load_state("load")
    return str(page.url)


def axe(page: Any, axe_js: str | None, *, tags: tuple[str, ...] = (
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")) -> dict[str, list[dict[str, Any]]]:
    """Run axe-core in `page`: its violations by impact ("minor" ...
    "critical"), each as axe reports it (id, help, nodes' targets)."""
    if axe_js is None:
        unavailable("no axe-core: make setup installs it into .venv/axe (npm), or set BRIEF_AXE_JS")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_js)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                 .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))""",
        list(tags))
    out: dict[str, list[dict[str, Any]]] = {impact: [] for impact in IMPACTS}
    for violation in result:
        out.setdefault(violation["impact"] or "minor", []).append(violation)
    return out


def serious(violations: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The serious and critical violations as readable lines (for an assert)."""
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
            for impact in ("serious", "critical") for v in violations.get(impact, [])]


# -- fixtures, registered in conftest.py (one browser for the session)

@pytest.fixture(scope="session", name="browser")
def browser_fixture() -> Iterator[Browser]:
    """Chromium, started once per test session."""
    browser = Browser.start()
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session", name="serve")
def serve_fixture() -> Iterator[Callable[[Path], Site]]:
    """``serve(folder)``: the folder served on 127.0.0.1; all are stopped
    at the end of the session."""
    sites: dict[Path, Site] = {}

    def serve(folder: Path) -> Site:
        folder = Path(folder).resolve()
        if folder not in sites:
            sites[folder] = Site(folder)
        return sites[folder]

    try:
        yield serve
    finally:
        for site in sites.values():
            site.close()
