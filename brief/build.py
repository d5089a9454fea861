"""The pipeline, run in one place: for the command line, ``make``, the API
and the benchmark alike.

    source → model → i18n (an edition) → render (HTML) → layout (pages)
           → variants (screen, press, archive) → finish (pypdf) → check

`build` writes every output of a brief (`build_all`, of several briefs);
`write_edition` one PDF, `write_outputs` several variants of one edition;
the smaller functions (`validate`, `edition`, `pages`, `pdf`) are the
stages one by one, for scripts and the benchmark. Whatever the entry point,
a brief is validated (note calls, figures) before anything is laid out, the
front matter's ``press:`` and ``min_translated:`` are honoured, and files
appear whole or not at all.

What `build` does not do twice:

* an output whose inputs have not changed since it was built is taken from
  the cache (`brief.cache`), its preflight's findings with it;
* variants with the same geometry (screen and archive: the same
  stylesheets, the same images) share one layout, written twice;
* a job is one layout of an edition with the variants that share it, and
  the jobs run side by side in worker processes (`brief.jobs`), as many as
  ``options.jobs`` (default: one per core).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import check, colophon
from .cache import Cache, Entry, Inputs
from .errors import CatalogError, SourceError
from .files import write_atomic
from .finish import finish
from .finish.pages import mark_named_pages, pad
from .i18n import Edition, po_path, translate
from .inputs import check_image, edition_files, file_problems, text_problems
from .jobs import Pool, default_jobs
from .meta import field_problems
from .model import Brief
from .options import Options
from .render import render_html
from .resources import styles_dir
from .variants import VARIANTS, Variant, variant

if TYPE_CHECKING:  # pragma: no cover
    import pypdf
    import weasyprint

    from . import web

__all__ = [
    "Output", "Skipped", "validate", "edition", "variants_of", "pages", "pdf", "write_edition",
    "write_outputs", "build", "build_all", "write_html_bundle", "layouts", "output_keys",
]

log = logging.getLogger("brief")

#: Told how far a build has got: (outputs done, outputs in all).
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Output:
    """One file written (or found unchanged in the cache), and what the
    checks found in it. `seconds` is the work it took when it was built: its
    share of the layout, its writing, finishing and checks."""

    path: Path
    lang: str
    variant: str
    pages: int
    seconds: float
    summary: str
    problems: list[check.Problem] = field(default_factory=list)
    cached: bool = False

    def line(self) -> str:
        when = "unchanged, from the cache" if self.cached else f"{self.seconds:.1f} s"
        return f"{self.path}: {self.pages} pages, {self.summary} ({when})"


@dataclass(slots=True)
class Skipped:
    """An edition not built: less of it translated than the minimum asked."""

    lang: str
    percent: float
    minimum: float
    catalog: Path | None

    def line(self) -> str:
        return (f"{self.catalog or self.lang}: the '{self.lang}' edition is {self.percent:.1f}% translated, "
                f"below the minimum of {self.minimum:g}%: not built")


# -- the stages -------------------------------------------------------------------------------

def validate(brief: Brief) -> None:
    """Raise a SourceError listing everything wrong with the brief's model:
    the types and values of its fields, texts that no page can show, note
    calls against definitions, and images and links to local files that
    cannot be read or lie outside the brief's folder. The loader checks a
    Markdown file as it reads it; this holds a brief built in Python to the
    same rules."""
    # In this order: each check may rely on what the ones before it ensured
    # (fields of the right type, texts that are text, a bounded number of notes).
    for check_stage in (field_problems, text_problems, Brief.problems, file_problems):
        problems = check_stage(brief)
        if problems:
            raise SourceError.gather(problems)


def edition(brief: Brief, lang: str | None, options: Options) -> Edition:
    """The `lang` edition (the source language by default), translated from
    its catalog."""
    return translate(brief, lang or brief.lang, locales=options.locales, fuzzy=options.fuzzy)


def variants_of(brief: Brief, options: Options) -> list[Variant]:
    """The outputs a build writes: screen, then press (``--press`` or the
    front matter's ``press: true``), then archive."""
    press = options.press if options.press is not None else brief.press
    wanted = {"screen": True, "press": press, "archive": options.archive}
    return [v for name, v in VARIANTS.items() if wanted.get(name)]


def layouts(outs: Iterable[Variant]) -> list[list[Variant]]:
    """The variants grouped by layout: those with the same stylesheets, image
    conversion and extras (screen and archive) are laid out once."""
    groups: dict[tuple[object, ...], list[Variant]] = {}
    for out in outs:
        groups.setdefault((out.stylesheets, out.convert, out.extras), []).append(out)
    return list(groups.values())


def pages(text: Brief, out: Variant, options: Options, html: str | None = None) -> weasyprint.Document:
    """Lay an edition out for a variant. The colophon goes to the foot of
    the last page of text, or of a back page of its own when that page has
    no room (`brief.colophon`: a second layout, the one case that needs
    one); the blank pages that pad the press edition are added to the
    finished file (`brief.finish.pages`). `html` is the edition's HTML when
    it was already rendered."""
    from .layout import layout  # WeasyPrint, loaded by the first layout (a build from the cache has none)
    css_dir = styles_dir(options.styles)
    extras = out.extras(options) if out.extras else None
    source = html if html is not None else render_html(text)

    def lay_out(css: str = "") -> weasyprint.Document:
        return layout(source, base_dir=text.base_dir,
                      stylesheets=[css_dir / name for name in out.stylesheets],
                      css=(extras.css if extras else "") + css, roots=extras.roots if extras else (),
                      convert=out.convert, cmyk=out.cmyk, pdf_variant=out.pdf_variant, source=text.path)

    document = lay_out()
    if out.page_multiple == 1 and colophon.alone(document):
        document = lay_out(colophon.OWN_PAGE)
    colophon.to_foot(document)
    return document


def pdf(brief: Brief, text: Brief, out: Variant, options: Options,
        document: weasyprint.Document | None = None) -> tuple[bytes, int]:
    """The finished PDF of edition `text` of `brief` in variant `out`, and
    its number of pages. `document` is the edition's layout when it was laid
    out already (for a variant of the same geometry, `layouts`)."""
    import weasyprint
    from weasyprint.pdf import VARIANTS as WEASYPRINT_VARIANTS

    if document is None:
        document = pages(text, out, options)
    # A document of its own for each variant written: WeasyPrint keeps the
    # output intent in it, and adds the variant's colour profile to it as it writes.
    written = weasyprint.Document(document.pages, document.metadata, document.url_fetcher,
                                  document.font_config, dict(document.color_profiles),
                                  WEASYPRINT_VARIANTS[out.pdf_variant][1].get("output_intent"))
    attachments = out.attachments(brief, text, options) if out.attachments else None
    data = written.write_pdf(pdf_variant=out.pdf_variant, attachments=attachments)
    names = [page._page_box.page_type.name or None for page in document.pages]
    added: list[int] = []

    def last_step(writer: pypdf.PdfWriter) -> None:
        mark_named_pages(writer, names)
        added.extend(pad(writer, out.page_multiple))
        if out.finish is not None:
            out.finish(writer)
        if written.color_profiles:
            # pypdf copies a stream referred to from several places (the colour
            # profile of an output intent) once for each when it clones a file
            # (21 times in the press edition): one copy is enough.
            writer.compress_identical_objects(remove_duplicates=True)

    finished = finish(data, text, written, last_step=last_step)
    return finished, len(document.pages) + len(added)


def write_edition(brief: Brief, path: str | Path, lang: str | None = None, *,
                  variant_name: str = "screen", options: Options | None = None,
                  reference_pages: int | None = None) -> Output:
    """Build one PDF of one edition into `path` (atomically), and check it
    if the options say so."""
    options = options or Options()
    return write_outputs(brief, {variant_name: path}, lang, options=options,
                         reference_pages=reference_pages)[0]


def write_outputs(brief: Brief, paths: dict[str, str | Path], lang: str | None = None, *,
                  options: Options | None = None, reference_pages: int | None = None) -> list[Output]:
    """Build several variants of one edition, ``{variant name: path}``, each
    laid out once for all the variants that share its geometry; check them
    if the options say so. (No cache: the files go where they are asked to.)"""
    options = options or Options()
    outs = [variant(name) for name in paths]
    validate(brief)
    made = edition(brief, lang, options)
    _require_translated(brief, made, options)
    results: list[Output] = []
    for group in layouts(outs):
        for result, _ in _make(brief, made, group, {out.name: Path(paths[out.name]) for out in group},
                               options, reference_pages):
            results.append(result)
    order = {name: i for i, name in enumerate(paths)}
    results.sort(key=lambda r: order[r.variant])
    results[0].problems[:0] = _edition_problems(made.brief, options)
    return results


def build(brief: Brief, options: Options | None = None,
          progress: Progress | None = None) -> Iterator[Output | Skipped | web.WebOutput]:
    """Every output of every edition of `brief` (or of ``options.langs``),
    into ``options.out``: ``<name>-<lang>[-press|-archive].pdf``, the HTML
    bundles with ``options.html``, the web editions (``<name>-<lang>/``) with
    ``options.web``. Yields each output as it is written (or
    found unchanged), and each edition skipped for being less translated
    than the minimum. `progress`, if given, is told how far the build has got."""
    return build_all([brief], options, progress)


def build_all(briefs: Sequence[Brief], options: Options | None = None,
              progress: Progress | None = None) -> Iterator[Output | Skipped | web.WebOutput]:
    """`build` for several briefs at once: their jobs share one pool of
    workers. The web editions (``options.web``) come after the PDFs."""
    options = options or Options()
    for brief in briefs:
        validate(brief)
        for lang in options.langs:
            if lang not in brief.languages:
                raise SourceError(f"'{lang}' is not an edition of this brief", brief.path,
                                  hint=f"use one of {', '.join(brief.languages)}, "
                                       "or add it to 'translations:'")
    plan = _Plan(options)
    skipped: dict[int, set[str]] = {}
    for brief in briefs:
        for item in plan.add(brief):
            skipped.setdefault(id(brief), set()).add(item.lang)
            yield item
    yield from plan.run(progress)
    if options.web:  # after the PDFs, which each web edition links (brief/web/site.py)
        from . import web  # only here: a build of PDFs alone does without it
        for brief in briefs:
            langs = [lang for lang in list(options.langs) or brief.languages
                     if lang not in skipped.get(id(brief), set())]
            keys = output_keys(brief, options.replace(langs=tuple(langs)), plan.inputs)
            yield from web.write_site(brief, _Editions(brief, langs, options), options,
                                      {lang: keys[(lang, "screen")] for lang in langs})


class _Editions(Mapping[str, Brief]):
    """The editions of a brief by language, each translated only when it is
    asked for (a web edition found unchanged needs none)."""

    def __init__(self, brief: Brief, langs: list[str], options: Options) -> None:
        self._brief, self._langs, self._options = brief, langs, options
        self._made: dict[str, Brief] = {}

    def __getitem__(self, lang: str) -> Brief:
        if lang not in self._langs:
            raise KeyError(lang)
        if lang not in self._made:
            self._made[lang] = edition(self._brief, lang, self._options).brief
        return self._made[lang]

    def __contains__(self, lang: object) -> bool:
        return lang in self._langs

    def __iter__(self) -> Iterator[str]:
        return iter(self._langs)

    def __len__(self) -> int:
        return len(self._langs)


# -- the build's plan ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Job:
    """One layout of one edition, and the variants that share it: those to
    build, and those found in the cache but never checked, to check."""

    brief: Brief
    lang: str
    build: list[str]
    recheck: list[str]
    keys: dict[str, str]
    #: The edition's first layout: write its HTML bundle here (with ``options.html``).
    first: bool
    options: Options


class _Plan:
    """What a build has to do: the outputs found in the cache, the jobs to run."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.cache = Cache(options.out)
        self.inputs = Inputs()
        self.cached: list[tuple[Brief, Output]] = []
        self.jobs: list[_Job] = []
        self.total = 0
        #: The page count of each brief's source edition on screen, the reference of its translations.
        self.reference: dict[str, int] = {}
        self.held: list[tuple[Brief, Output]] = []

    def add(self, brief: Brief) -> Iterator[Skipped]:
        options = self.options
        outs = variants_of(brief, options)
        for lang in list(options.langs) or brief.languages:
            if _minimum(brief, options) is not None:
                skipped = _under_minimum(brief, edition(brief, lang, options), options)
                if skipped is not None:
                    yield skipped
                    continue
            keys = _keys(self.inputs, brief, lang, outs, options)
            for number, group in enumerate(layouts(outs)):
                todo: list[str] = []
                recheck: list[str] = []
                for out in group:
                    path = options.out / out.file_name(brief.name, lang)
                    entry = self.cache.lookup(path, keys[out.name])
                    first = out is outs[0]
                    if entry is None:
                        todo.append(out.name)
                    elif options.check and (entry.problems is None
                                            or (first and entry.edition_problems is None)):
                        recheck.append(out.name)
                    else:
                        problems = (entry.edition_problems or []) if first else []
                        problems += entry.problems or []
                        self.cached.append((brief, Output(path, lang, out.name, entry.pages, entry.seconds,
                                                          entry.summary, problems, True)))
                self.total += len(group)
                if todo or recheck or (number == 0 and options.html):
                    self.jobs.append(_Job(brief, lang, todo, recheck, keys, number == 0, options))

    def run(self, progress: Progress | None) -> Iterator[Output | Skipped]:
        done = 0
        for brief, output in self.cached:
            done += 1
            yield from self._release(brief, output)
            if progress:
                progress(done, self.total)
        jobs = sorted(self.jobs, key=_cost, reverse=True)   # the longest first: the pool ends sooner
        workers = min(self.options.jobs or default_jobs(), len(jobs))
        if workers <= 1:
            finished: Iterator[tuple[_Job, list[Output]]] = ((job, run_job(job)) for job in jobs)
            yield from self._collect(finished, done, progress)
        else:
            with Pool(run_job, workers) as pool:
                yield from self._collect(pool.run(jobs), done, progress)
        for _, output in self.held:        # translations whose source edition was not built
            yield output

    def _collect(self, finished: Iterable[tuple[_Job, list[Output]]], done: int,
                 progress: Progress | None) -> Iterator[Output]:
        for job, outputs in finished:
            for output in outputs:
                done += 1
                yield from self._release(job.brief, output)
                if progress:
                    progress(done, self.total)

    def _release(self, brief: Brief, output: Output) -> Iterator[Output]:
        """The output, once the page count of its source edition is known
        (a translation is held until then), with that count checked."""
        if not self.options.check or output.variant != "screen":
            yield output
            return
        key = str(brief.path or brief.name)
        if output.lang == brief.lang:
            self.reference[key] = output.pages
            yield output
            waiting = [o for b, o in self.held if str(b.path or b.name) == key]
            self.held = [(b, o) for b, o in self.held if str(b.path or b.name) != key]
            for other in waiting:
                yield _with_page_count(other, output.pages)
            return
        if key in self.reference:
            yield _with_page_count(output, self.reference[key])
        elif brief.lang in (list(self.options.langs) or brief.languages):
            self.held.append((brief, output))
        else:
            yield output


def output_keys(brief: Brief, options: Options | None = None,
                inputs: Inputs | None = None) -> dict[tuple[str, str], str]:
    """The cache key of each output `build` would write, by (lang, variant):
    a change to anything an output is made from changes its key (`brief.cache`).
    `inputs` holds the hashes of the files already read (a build's own)."""
    options = options or Options()
    inputs = inputs or Inputs()
    outs = variants_of(brief, options)
    return {(lang, name): key for lang in list(options.langs) or brief.languages
            for name, key in _keys(inputs, brief, lang, outs, options).items()}


def _keys(inputs: Inputs, brief: Brief, lang: str, outs: list[Variant], options: Options) -> dict[str, str]:
    catalog = po_path(brief, lang, options.locales) if lang != brief.lang else None
    base = inputs.edition(brief, lang, options, edition_files(brief, lang), catalog, styles_dir(options.styles))
    return {out.name: inputs.output(base, out, options) for out in outs}


def _cost(job: _Job) -> int:
    """A rough measure of a job's work: layouts are the bulk, the press's
    conversions make it the longest."""
    return (100 if job.build else 0) + 10 * len(job.build) + len(job.recheck) \
        + (5 if any(variant(name).convert for name in job.build) else 0)


def _with_page_count(output: Output, reference: int) -> Output:
    found = check.page_count(output.pages, reference)
    for p in found:
        p.file = str(output.path)
    if found:
        position = next((i for i, p in enumerate(output.problems) if p.page is not None or p.line is None),
                        len(output.problems))
        output.problems[position:position] = found
    return output


def run_job(job: _Job) -> list[Output]:
    """Run one job: lay the edition out once, write, finish and check each of
    its variants, record each in the cache. (In a worker process, or in this
    one.)"""
    options = job.options
    brief = job.brief
    made = edition(brief, job.lang, options)
    cache = Cache(options.out)
    first = variants_of(brief, options)[0].name
    # The edition's own problems go with its first output, built or checked here.
    edition_problems = _edition_problems(made.brief, options) if first in job.build + job.recheck else None
    group = [variant(name) for name in job.build]
    paths = {out.name: options.out / out.file_name(brief.name, job.lang) for out in group}
    outputs = [result for result, _ in _make(brief, made, group, paths, options, None, cache, job.keys,
                                             (first, edition_problems or []))]
    for name in job.recheck:
        path = options.out / variant(name).file_name(brief.name, job.lang)
        outputs.append(_recheck(path, job.lang, name, cache, job.keys[name], options,
                                edition_problems if name == first else None))
    if job.first and options.html:
        write_html_bundle(made.brief, options.out / f"{brief.name}-{job.lang}", options.styles)
    return outputs


def _make(brief: Brief, made: Edition, group: list[Variant], paths: dict[str, Path], options: Options,
          reference: int | None, cache: Cache | None = None, keys: dict[str, str] | None = None,
          edition_problems: tuple[str, list[check.Problem]] | None = None) -> Iterator[tuple[Output, bytes]]:
    """The variants of `group` (of one geometry) from one layout: each
    written atomically, checked with ``options.check``, recorded in `cache`
    (with the edition's problems, ``(variant name, problems)``, if it is that variant)."""
    document = None
    for out in group:
        start = time.perf_counter()
        if document is None:
            document = pages(made.brief, out, options)
        data, count = pdf(brief, made.brief, out, options, document)
        path = paths[out.name]
        write_atomic(path, data)
        problems = check.check_pdf(data, reference_pages=reference, file=str(path),
                                   min_fill=check.NEAR_EMPTY) if options.check else None
        seconds = time.perf_counter() - start
        own = edition_problems[1] if edition_problems and edition_problems[0] == out.name else None
        result = Output(path, made.lang, out.name, count, seconds, made.summary(),
                        list(own or []) + list(problems or []))
        if cache is not None and keys is not None:
            cache.store(path, data, Entry(keys[out.name], "", count, seconds, made.summary(), problems,
                                          own if options.check else None))
        yield result, data


def _recheck(path: Path, lang: str, name: str, cache: Cache, key: str, options: Options,
             edition_problems: list[check.Problem] | None) -> Output:
    """An output found in the cache that was built without the checks: check it now."""
    start = time.perf_counter()
    entry = cache.lookup(path, key)
    if entry is None:
        raise SourceError("the file changed while it was being checked", path, hint="build again")
    if entry.problems is None:
        entry.problems = check.check_pdf(path, file=str(path), min_fill=check.NEAR_EMPTY)
    if edition_problems is not None:
        entry.edition_problems = edition_problems
    cache.update(path, entry)
    return Output(path, lang, name, entry.pages, time.perf_counter() - start, entry.summary,
                  list(entry.edition_problems or []) + list(entry.problems), True)


# -- helpers ----------------------------------------------------------------------------------

def _minimum(brief: Brief, options: Options) -> float | None:
    return options.min_translated if options.min_translated is not None else brief.min_translated


def _under_minimum(brief: Brief, made: Edition, options: Options) -> Skipped | None:
    minimum = _minimum(brief, options)
    if made.source or minimum is None or made.counts.percent >= minimum:
        return None
    return Skipped(made.lang, made.counts.percent, minimum, po_path(brief, made.lang, options.locales))


def _require_translated(brief: Brief, made: Edition, options: Options) -> None:
    skipped = _under_minimum(brief, made, options)
    if skipped is not None:
        raise CatalogError(f"the '{skipped.lang}' edition is {skipped.percent:.1f}% translated, below "
                           f"the minimum of {skipped.minimum:g}%", skipped.catalog,
                           hint="translate the remaining messages, or lower min_translated")


def _edition_problems(text: Brief, options: Options) -> list[check.Problem]:
    if not options.check:
        return []
    return check.check_glyphs(text, options.styles) + check.check_figures(text) + check.check_body(text)


def write_html_bundle(text: Brief, folder: str | Path, styles: str | Path | None = None) -> Path:
    """Write an edition's HTML with its stylesheet, fonts and images into
    `folder`, so that a designer can open ``index.html`` in a browser."""
    folder = Path(folder)
    shutil.copytree(styles_dir(styles), folder / "styles", dirs_exist_ok=True)
    for fig in text.figures():
        src = check_image(text, fig.src, fig.loc)
        target = folder / fig.src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    write_atomic(folder / "index.html", render_html(text, stylesheet="styles/brief.css").encode("utf-8"))
    return folder / "index.html"
