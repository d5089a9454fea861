"""``brief preview``: the web edition of a brief on 127.0.0.1, rebuilt on
every save.

One process does it all, with no dependency beyond the standard library:

* a `ThreadingHTTPServer` bound to 127.0.0.1 only, which answers only
  requests whose ``Host`` is this address (a page elsewhere cannot reach it
  through a rebound DNS name), serves the editions from a temporary folder,
  and tells each open page when its edition has been rebuilt, through
  server-sent events (``/__brief/events``);
* a watcher that polls, every 50 ms, the size and time of each file the
  page is made from (the brief, its catalogs, its figures, the styles and
  the templates) and rebuilds, in this process, the editions that are open
  in a browser: parsing, translating and writing the page take about
  0.1 s, so that a page reloads within half a second of a save;
* when a file is broken, the page shows every problem with its file and
  line instead of the edition, and comes back when the file is fixed;
* the edition's PDF is built in a separate process (`python -m brief
  build`), started once the files have been quiet for a second, killed
  when they change again, and linked in the page once it is ready.

Ctrl-C stops the server and the PDF build and removes the temporary folder.
"""

from __future__ import annotations

import html
import http.server
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from .. import build
from ..api import load
from ..errors import BriefError, SetupError
from ..i18n import po_path
from ..inputs import image_tags
from ..model import Brief
from ..options import Options
from ..resources import styles_dir
from .folder import INDEX, write_web_edition
from .site import edition_links, folder_name

__all__ = ["Preview", "preview", "POLL", "PDF_QUIET", "EVENTS"]

log = logging.getLogger("brief")

#: Seconds between two looks at the watched files.
POLL = 0.05
#: Seconds the files must stay unchanged before the PDF is built.
PDF_QUIET = 1.0
#: Seconds between two pings of an open event stream (a closed page is noticed).
PING = 15.0
#: The path of the event stream.
EVENTS = "/__brief/events"

#: Put in every page served. When the server says the edition was rebuilt,
#: the page fetches its new text and puts it in place of the old, where the
#: reader was; it reloads instead when the styles, the figures or the
#: templates changed since it was served (``full``), or when it or the new
#: page is an error page.
RELOADER = """<script data-build="%(build)d">
(() => {
  const lang = %(lang)s, key = "brief-preview:" + location.pathname;
  let build = %(build)d, busy = false, wanted = null;
  const y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(y)); }
  const isEdition = (doc) => doc.querySelector('meta[name="generator"][content="brief"]') !== null;
  const reload = () => {
    events.close();
    sessionStorage.setItem(key, String(window.scrollY));
    %(reload)s;
  };
  const update = async () => {
    if (busy || wanted === null) return;
    const news = wanted;
    wanted = null;
    if (news.build === build) return;
    if (news.full > build || !isEdition(document)) return reload();
    busy = true;
    try {
      const response = await fetch(location.pathname, {cache: "no-store"});
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const served = doc.querySelector("script[data-build]");
      if (!response.ok || !isEdition(doc) || !served) return reload();
      document.title = doc.title;
      document.documentElement.lang = doc.documentElement.lang;
      document.body.replaceWith(doc.body);   // its script stays inert: this one goes on
      build = Number(served.dataset.build);
      window.dispatchEvent(new CustomEvent("brief-preview-updated", {detail: build}));
    } catch (error) {
      return reload();
    } finally {
      busy = false;
    }
    update();
  };
  const events = new EventSource("%(events)s?lang=" + encodeURIComponent(lang));
  events.addEventListener("build", (e) => { wanted = JSON.parse(e.data); update(); });
})();
</script>"""

#: The language of the first page while the brief cannot be read: it is not
#: known before the front matter says it.
UNKNOWN = "und"

#: The page shown while a file is broken.
ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>brief preview: %(title)s</title>
<style>
  body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1b; background: #fff; }
  main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem; }
  h1 { font-size: 1.5rem; color: #8c1d18; margin: 0 0 1rem; }
  ol { padding-left: 1.25rem; }
  li { margin: 0 0 1rem; }
  code { font: 0.95rem/1.4 ui-monospace, monospace; background: #f3eeee; padding: 0.1rem 0.3rem;
         overflow-wrap: anywhere; }
  .hint { color: #4a4a48; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; background: #f5f5f4;
        padding: 0.75rem; }
</style>
</head>
<body>
<main>
<h1>%(title)s</h1>
<p>%(lead)s</p>
<ol class="problems">
%(problems)s
</ol>
<p>This page reloads as soon as the file is saved again.</p>
</main>
%(script)s
</body>
</html>
"""


@dataclass(slots=True)
class Shown:
    """One edition the preview has built: its build number (every page
    served carries it, so that a page knows when it is out of date), the
    problem that stopped the last rebuild, and its PDF."""

    lang: str
    build: int = 0
    #: The last build after which a page must reload, not only take the new
    #: text: the styles, figures or templates changed, or the error page came or went.
    full: int = 0
    #: The error page, while the last rebuild failed.
    error: str | None = None
    #: The last PDF built, linked in the page.
    pdf: Path | None = None
    #: The build number the PDF was made for.
    pdf_build: int = -1
    #: The PDF being built: the process and the build number it is for.
    job: tuple[subprocess.Popen[bytes], int] | None = None
    #: Seconds: when the last rebuild of the page took.
    seconds: float = 0.0


@dataclass(slots=True)
class Preview:
    """The preview of one brief: `start` it, open `url`, `close` it.

    `lang` is the edition shown first (the source language by default);
    the language switcher reaches the others, which are then built too.
    With `pdf`, each edition's PDF is built in the background."""

    file: Path
    lang: str | None = None
    port: int = 8000
    options: Options = field(default_factory=Options)
    pdf: bool = True
    #: The temporary folder of the editions and PDFs.
    folder: Path = field(init=False)
    server: http.server.ThreadingHTTPServer | None = field(init=False, default=None)
    shown: dict[str, Shown] = field(init=False, default_factory=dict)
    #: The last brief read without error (its languages, figures and name).
    brief: Brief | None = field(init=False, default=None)
    #: Event streams open, by language.
    listeners: dict[str, int] = field(init=False, default_factory=dict)
    #: When the watched files last changed (time.monotonic).
    changed_at: float = field(init=False, default=0.0)
    lock: threading.RLock = field(init=False, default_factory=threading.RLock)
    changed: threading.Condition = field(init=False)
    stopping: threading.Event = field(init=False, default_factory=threading.Event)
    threads: list[threading.Thread] = field(init=False, default_factory=list)
    _stamp: tuple[Any, ...] = field(init=False, default=())
    #: The first edition is the source language, not known yet (the brief is broken).
    _unknown: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.file = Path(self.file).resolve()
        self.changed = threading.Condition(self.lock)
        self.folder = Path(tempfile.mkdtemp(prefix="brief-preview-"))
        (self.folder / "site").mkdir()

    # -- life --------------------------------------------------------------------------

    def start(self) -> Preview:
        """Build the first edition, then serve and watch in threads."""
        if not self.file.is_file():
            self.close()
            raise SetupError("no such file", self.file, hint="give the path of a brief (FILE.md)")
        try:
            self.server = _server(self)
        except OSError as e:
            self.close()
            raise SetupError(f"cannot listen on 127.0.0.1:{self.port}: {e.strerror or e}",
                             hint="choose another port with --port N (0 picks a free one)") from None
        self.port = self.server.server_address[1]
        first = self.lang or self._source_lang()
        self._unknown = first == UNKNOWN
        self.lang = first
        self.rebuild([first])
        self._stamp = self._fingerprint()   # now that the brief says which files it reads
        if self.brief is not None and first not in self.brief.languages:
            self.close()
            raise SetupError(f"'{first}' is not an edition of this brief", self.file,
                             hint=f"use one of {', '.join(self.brief.languages)}")
        for target in (self.server.serve_forever, self._watch):
            thread = threading.Thread(target=target, name=f"brief-preview-{target.__name__}", daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    @property
    def url(self) -> str:
        """The address of the edition shown first."""
        return f"http://127.0.0.1:{self.port}/{self._folder_name(self.lang or '')}/"

    def close(self) -> None:
        """Stop serving and watching, kill the PDF builds, remove the folder."""
        self.stopping.set()
        with self.lock:
            self.changed.notify_all()
            for shown in self.shown.values():
                if shown.job:
                    _kill(shown.job[0])
                    shown.job = None
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building ----------------------------------------------------------------------

    def rebuild(self, langs: Iterable[str], *, full: bool = True) -> None:
        """Rebuild the page of each of `langs`, from the files as they are
        now; a failure becomes that edition's error page. Without `full`,
        only the brief or its catalogs changed: an open page can take the
        new text without reloading its styles, fonts and figures."""
        with self.lock:
            if self._unknown and (known := self._source_lang()) != UNKNOWN:
                # The brief is readable at last: its page replaces the error page,
                # which goes to the start page (the redirection to the edition).
                self._unknown = False
                self.lang = known
                if UNKNOWN in self.shown:
                    self.shown[UNKNOWN].build += 1
                    self.shown[UNKNOWN].full = self.shown[UNKNOWN].build
                langs = [known if lang == UNKNOWN else lang for lang in langs]
            for lang in dict.fromkeys(langs):
                shown = self.shown.setdefault(lang, Shown(lang))
                failed = shown.error is not None
                start = time.perf_counter()
                try:
                    self._write(lang, shown)
                    shown.error = None
                except BriefError as e:
                    shown.error = _error_page(e.problems, lang)
                    for problem in e.problems:
                        log.warning("brief: %s", problem.one_line())
                except Exception as e:  # the preview must outlive any bug: show it, keep watching
                    log.exception("brief preview: rebuilding the '%s' edition failed", lang)
                    shown.error = _crash_page(e, lang)
                shown.seconds = time.perf_counter() - start
                shown.build += 1
                if full or failed or shown.error is not None:
                    shown.full = shown.build
                log.info("%s edition rebuilt in %.2f s%s", lang, shown.seconds,
                         " (with errors)" if shown.error else "")
            self.changed.notify_all()

    def _write(self, lang: str, shown: Shown) -> None:
        brief = load(self.file)
        self.brief = brief
        if lang not in brief.languages:
            raise SetupError(f"'{lang}' is not an edition of this brief", self.file,
                             hint=f"use one of {', '.join(brief.languages)}")
        build.validate(brief)
        made = build.edition(brief, lang, self.options)
        write_web_edition(made.brief, self.folder / "site" / folder_name(brief.name, lang),
                          editions=edition_links(brief.name, brief.languages), pdf=shown.pdf,
                          styles=self.options.styles)

    def page(self, lang: str) -> str | None:
        """The page of the `lang` edition as served: the edition (or its
        error page) with the reloader; built first if it never was."""
        with self.lock:
            if lang not in self.shown:
                self.rebuild([lang])
            shown = self.shown[lang]
            script = RELOADER % {"lang": json.dumps(lang), "build": shown.build, "events": EVENTS,
                                 "reload": 'location.assign("/")' if lang == UNKNOWN and not self._unknown
                                 else "location.reload()"}
            if shown.error is not None:
                return shown.error.replace("%(script)s", script)
            index = self.folder / "site" / self._folder_name(lang) / INDEX
            if not index.is_file():
                return None
            text = index.read_text(encoding="utf-8")
        return text.replace("</body>", script + "\n</body>", 1)

    def _folder_name(self, lang: str) -> str:
        return folder_name(self.file.stem, lang)

    def _source_lang(self) -> str:
        try:
            return load(self.file).lang
        except BriefError:
            return UNKNOWN

    # -- watching ----------------------------------------------------------------------

    def watched(self) -> list[Path]:
        """Every file a page is made from: the brief, the catalogs of the
        editions shown, the figures (and their versions for those editions,
        even before they exist), the styles and the templates."""
        files = [self.file]
        brief = self.brief
        langs = list(self.shown)
        if brief is not None:
            files += [po_path(brief, lang, self.options.locales) for lang in langs if lang != brief.lang]
            base = brief.base_dir
            for fig in brief.figures():
                path = Path(fig.src)
                files.append(base / path)
                files += [base / path.with_name(f"{path.stem}.{tag}{path.suffix}")
                          for lang in langs for tag in image_tags(lang)]
        try:
            styles = styles_dir(self.options.styles)
            files += sorted(p for p in styles.rglob("*") if p.is_file())
        except BriefError:
            pass
        templates = Path(__file__).resolve().parent.parent / "templates"
        files += sorted(templates.glob("*.html"))
        return list(dict.fromkeys(files))

    def _texts(self) -> set[Path]:
        """The watched files that hold text only: the brief and its catalogs."""
        brief = self.brief
        texts = {self.file}
        if brief is not None:
            texts |= {po_path(brief, lang, self.options.locales) for lang in self.shown if lang != brief.lang}
        return texts

    def _fingerprint(self) -> tuple[Any, ...]:
        stamp: list[tuple[Path, int | None, int | None]] = []
        for path in self.watched():
            try:
                st = path.stat()
                stamp.append((path, st.st_mtime_ns, st.st_size))
            except OSError:
                stamp.append((path, None, None))
        return tuple(stamp)

    def _watch(self) -> None:
        """Poll the files; rebuild the editions open in a browser (or the
        first one) when one changed; start, watch and finish PDF builds."""
        while not self.stopping.wait(POLL):
            try:
                self.poll()
            except Exception:  # never let the watcher die: the preview would freeze
                log.exception("brief preview: watching failed")

    def poll(self) -> bool:
        """One look at the files and the PDF builds; True if a rebuild ran."""
        with self.lock:
            stamp = self._fingerprint()
            rebuilt = False
            if stamp != self._stamp:
                changed = {entry[0] for entry in set(stamp) ^ set(self._stamp)}
                self.changed_at = time.monotonic()
                langs = [lang for lang, n in self.listeners.items() if n > 0] or [self.lang or ""]
                for shown in self.shown.values():  # a PDF of files that changed since is not wanted
                    if shown.job:
                        _kill(shown.job[0])
                        shown.job = None
                self.rebuild(langs, full=not changed <= self._texts())
                # A file saved during the rebuild is seen at the next look; a
                # figure or catalog the brief names now is watched from now on.
                before = {entry[0]: entry for entry in stamp}
                self._stamp = tuple(before.get(entry[0], entry) for entry in self._fingerprint())
                rebuilt = True
            if self.pdf:
                self._pdfs()
        return rebuilt

    # -- the PDF -----------------------------------------------------------------------

    def _pdfs(self) -> None:
        with self.lock:
            quiet = time.monotonic() - self.changed_at >= PDF_QUIET
            for shown in list(self.shown.values()):
                if shown.job is not None:
                    proc, for_build = shown.job
                    if proc.poll() is None:
                        continue
                    shown.job = None
                    self._pdf_done(shown, proc, for_build)
                elif quiet and shown.error is None and shown.pdf_build < shown.build \
                        and self.brief is not None:
                    shown.job = (self._start_pdf(shown.lang), shown.build)

    def _pdf_dir(self, lang: str) -> Path:
        return self.folder / "pdf" / lang

    def _start_pdf(self, lang: str) -> subprocess.Popen[bytes]:
        out = self._pdf_dir(lang)
        out.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "brief", "build", str(self.file), "--lang", lang,
                   "--out", str(out), "--no-check", "--min-translated", "0"]
        if self.options.locales:
            command += ["--locales", str(self.options.locales)]
        if self.options.fuzzy:
            command.append("--fuzzy")
        log.info("building the %s PDF", lang)
        with open(out / "build.log", "wb") as output:
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                                    start_new_session=True)

    def _pdf_done(self, shown: Shown, proc: subprocess.Popen[bytes], for_build: int) -> None:
        shown.pdf_build = for_build
        pdf = self._pdf_dir(shown.lang) / f"{self._folder_name(shown.lang)}.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            lines = (self._pdf_dir(shown.lang) / "build.log").read_text(errors="replace").splitlines()
            log.warning("the %s PDF was not built: %s", shown.lang, lines[-1] if lines else proc.returncode)
            return
        log.info("the %s PDF is ready", shown.lang)
        shown.pdf = pdf
        self.rebuild([shown.lang], full=False)
        shown.pdf_build = shown.build   # the page rebuilt to link it needs no new PDF


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End a PDF build and its children (it runs in a session of its own)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=3)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _error_page(problems: list[BriefError], lang: str) -> str:
    count = len(problems)
    items = "\n".join(
        f'<li><code class="where">{html.escape(p.location or "?")}</code> {html.escape(p.message)}'
        + (f'<br><span class="hint">{html.escape(p.hint)}</span>' if p.hint else "") + "</li>"
        for p in problems)
    return ERROR_PAGE % {
        "title": "1 problem" if count == 1 else f"{count} problems",
        "lead": ("The brief cannot be read." if lang == UNKNOWN else
                 f"The '{html.escape(lang)}' edition cannot be built.") + " Correct the file and save it:",
        "problems": items, "script": "%(script)s"}


def _crash_page(error: Exception, lang: str) -> str:
    text = "".join(traceback.format_exception(error))
    return ERROR_PAGE % {
        "title": "brief failed", "lead": f"Building the '{html.escape(lang)}' edition failed in brief "
                                         "itself; please report this, with the file that causes it:",
        "problems": f"<li><pre>{html.escape(text)}</pre></li>", "script": "%(script)s"}


# -- the server ------------------------------------------------------------------------

def _server(preview: Preview) -> http.server.ThreadingHTTPServer:
    site = preview.folder / "site"

    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("preview: " + format, *args)

        def end_headers(self) -> None:
            # Always asked again (a 304 when unchanged): the page and its files change under it.
            self.send_header("Cache-Control", "no-cache")
            super().end_headers()

        def _host_ok(self) -> bool:
            host = (self.headers.get("Host") or "").lower()
            if host in (f"127.0.0.1:{preview.port}", f"localhost:{preview.port}"):
                return True
            self.send_error(403, "this preview answers only http://127.0.0.1")
            return False

        def do_HEAD(self) -> None:
            if self._host_ok():
                super().do_HEAD()

        def do_GET(self) -> None:
            if not self._host_ok():
                return
            url = urlparse(self.path)
            if url.path == EVENTS:
                self._events(parse_qs(url.query).get("lang", [preview.lang or ""])[0])
                return
            if url.path == "/":
                self._redirect(f"/{preview._folder_name(preview.lang or '')}/")
                return
            lang = self._edition(url.path)
            if lang is not None:
                if not url.path.endswith(("/", f"/{INDEX}")):
                    self._redirect(url.path + "/")
                    return
                page = preview.page(lang)
                if page is not None:
                    self._send(page.encode("utf-8"), "text/html; charset=utf-8")
                    return
            super().do_GET()

        def _edition(self, path: str) -> str | None:
            """The language whose page `path` asks for, if it does."""
            parts = [p for p in path.split("/") if p]
            if not parts or (len(parts) == 2 and parts[1] != INDEX) or len(parts) > 2:
                return None
            brief = preview.brief
            langs = brief.languages if brief else [preview.lang or ""]
            for lang in langs:
                if parts[0] == preview._folder_name(lang):
                    return lang
            return None

        def _redirect(self, where: str) -> None:
            self.send_response(302)
            self.send_header("Location", where)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _events(self, lang: str) -> None:
            """The build number of `lang`, now and after each rebuild, until
            the page goes away or the preview stops."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            with preview.lock:
                preview.listeners[lang] = preview.listeners.get(lang, 0) + 1
            def news() -> tuple[int, int]:
                shown = preview.shown.get(lang)
                return (shown.build, shown.full) if shown else (0, 0)

            try:
                sent = None
                while True:
                    with preview.lock:
                        build, full = news()
                        if build == sent and not preview.stopping.is_set():
                            preview.changed.wait(PING)
                            build, full = news()
                    if preview.stopping.is_set():
                        break
                    if build != sent:
                        data = json.dumps({"build": build, "full": full})
                        self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                        sent = build
                    else:
                        self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
            except OSError:
                pass   # the page was closed or reloaded
            finally:
                with preview.lock:
                    preview.listeners[lang] -= 1

    server = http.server.ThreadingHTTPServer(("127.0.0.1", preview.port), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    return server


def preview(file: str | Path, *, lang: str | None = None, port: int = 8000, options: Options | None = None,
            pdf: bool = True, open_browser: bool = False) -> int:
    """Run the preview of `file` until Ctrl-C (the command ``brief preview``)."""
    shown = Preview(Path(file), lang, port, options or Options(), pdf)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, stop)   # `kill` stops it as cleanly as Ctrl-C
    try:
        shown.start()
        print(f"brief preview: {shown.url}  (Ctrl-C to stop)", flush=True)
        if open_browser:
            webbrowser.open(shown.url)
        while not shown.stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        print("\nbrief preview: stopped", flush=True)
    finally:
        shown.close()
        signal.signal(signal.SIGTERM, before)
    return 0
