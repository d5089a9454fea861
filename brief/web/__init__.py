"""The web edition: one self-contained folder per edition, for reading on
a phone or a desktop, with the same content in the same order as the PDF.

* `page`: an edition → the HTML of its page (`render_web_html`);
* `folder`: the page with its styles, fonts, figures and PDF in a folder
  that stands alone (`write_web_edition`);
* `fonts`: the design's fonts packed as WOFF2, kept in a cache;
* `site`: the web editions of a build, side by side (`write_site`, which
  `brief.build.build` calls with ``Options.web``);
* `preview`: ``brief preview``, a local server that rebuilds the page on
  every save (imported on its own: it runs the build).
"""

from __future__ import annotations

from .folder import INDEX, STYLESHEET, write_web_edition
from .page import language_name, render_web_html
from .site import WebOutput, edition_links, edition_urls, folder_name, write_site

__all__ = [
    "render_web_html", "write_web_edition", "write_site", "WebOutput", "language_name",
    "folder_name", "edition_links", "edition_urls", "INDEX", "STYLESHEET",
]
