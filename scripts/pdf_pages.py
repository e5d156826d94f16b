"""Render pages of a PDF to PNG files, to look at them.

Usage: python scripts/pdf_pages.py PDF OUTDIR [--pages 1,2,4] [--dpi 60] [--sheet]

Writes OUTDIR/page-NNN.png for each page asked (default: the first four), and
with --sheet one contact sheet of them side by side (OUTDIR/sheet.png).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pymupdf
from PIL import Image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--pages", default="1,2,3,4", help="1-based page numbers, comma-separated")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--sheet", action="store_true", help="also write a contact sheet")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    written = []
    with pymupdf.open(args.pdf) as document:
        for number in (int(n) for n in args.pages.split(",")):
            target = args.outdir / f"page-{number:03d}.png"
            document[number - 1].get_pixmap(dpi=args.dpi).save(target)
            written.append(target)
            print(target)
    if args.sheet and written:
        images = [Image.open(p) for p in written]
        width, height = images[0].size
        sheet = Image.new("RGB", (len(images) * (width + 10) - 10, height), "gray")
        for index, image in enumerate(images):
            sheet.paste(image, (index * (width + 10), 0))
        sheet.save(args.outdir / "sheet.png")
        print(args.outdir / "sheet.png")


if __name__ == "__main__":
    main()
