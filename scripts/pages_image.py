"""The first pages of a PDF side by side, in one PNG (the README's picture).

    python scripts/pages_image.py FILE.pdf OUT.png [--pages 4]

Each page is rendered by poppler's ``pdftoppm -r 50 -png`` into a temporary
folder, then the pages are pasted left to right on a white strip, with a
small grey gap between them. Needs pdftoppm (Debian: poppler-utils) and Pillow.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

RESOLUTION = 50  # dots per inch: an A4 page is 413 × 585 pixels
GAP = 12  # pixels between two pages
GAP_COLOUR = (200, 200, 200)


def render_pages(pdf: Path, folder: Path, pages: int) -> list[Path]:
    """Render pages 1..`pages` of `pdf` to PNG files in `folder`, in page order."""
    cmd = ["pdftoppm", "-r", str(RESOLUTION), "-png", "-f", "1", "-l", str(pages), str(pdf), str(folder / "page")]
    subprocess.run(cmd, check=True)
    # pdftoppm pads the page number to the width of the last page's: page-01.png, page-02.png ...
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def side_by_side(images: list[Image.Image], gap: int = GAP) -> Image.Image:
    width = sum(im.width for im in images) + gap * (len(images) - 1)
    height = max(im.height for im in images)
    strip = Image.new("RGB", (width, height), GAP_COLOUR)
    x = 0
    for im in images:
        strip.paste(im.convert("RGB"), (x, 0))
        x += im.width + gap
    return strip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Paste the first pages of a PDF side by side into a PNG.")
    p.add_argument("pdf", type=Path, metavar="FILE.pdf")
    p.add_argument("out", type=Path, metavar="OUT.png")
    p.add_argument("--pages", type=int, default=4, metavar="N", help="how many pages (default 4)")
    args = p.parse_args(argv)
    if args.pages < 1:
        p.error("--pages must be at least 1")
    if shutil.which("pdftoppm") is None:
        print("pages_image: pdftoppm not found; install poppler-utils", file=sys.stderr)
        return 2
    if not args.pdf.is_file():
        print(f"pages_image: {args.pdf}: no such file", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pages-image-") as tmp:
        try:
            files = render_pages(args.pdf, Path(tmp), args.pages)
        except subprocess.CalledProcessError as e:
            print(f"pages_image: pdftoppm failed on {args.pdf} (status {e.returncode})", file=sys.stderr)
            return 2
        if not files:
            print(f"pages_image: {args.pdf}: no pages rendered", file=sys.stderr)
            return 2
        images = [Image.open(f) for f in files]
        strip = side_by_side(images)
        for im in images:
            im.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    strip.save(args.out, optimize=True)
    print(f"{args.out}: {len(files)} pages, {strip.width} × {strip.height} px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
