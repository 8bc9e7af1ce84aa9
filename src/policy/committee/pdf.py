"""`make pdf`: one PDF per routine version for formal approval, printed by Chromium from the built site.

Each PDF is the version's own page as printed: the version, its validity, owner, approver and the
decision on record (or "Utkast"), the steps with the source section of each, the checklists and the
signature block last. Chromium's own print (through Playwright) makes the PDF; no PDF is written by
hand here.

    python -m policy.committee.pdf [WEBBPLATS] [UTMAPP]
"""
from __future__ import annotations

import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Debian's headless Chromium where installed (make test installs it), else the desktop one: both print alike.
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(path).exists()),
    "/usr/bin/chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def make(site: Path, out: Path, book=None) -> list[Path]:
    """The PDFs of every version of every routine in `book` (default: the data in use)."""
    from playwright.sync_api import sync_playwright

    from ..loader import load

    book = book or load()
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            pages = [(slug, v.version) for slug, work in book.routines.items() for v in work.versions]
            for slug, number in pages:
                page.goto(f"{base}/handbook/routines/{slug}/version-{number}.html")
                page.emulate_media(media="print")
                path = out / f"{slug}-version-{number}.pdf"
                page.pdf(path=str(path), format="A4", display_header_footer=True,
                         header_template="<span></span>",
                         footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                         '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
                         margin={"top": "12mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
                written.append(path)
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else Path("_build/html")
    out = Path(args[1]) if len(args) > 1 else Path("_build/pdf")
    if not (site / "handbook" / "routines").is_dir():
        print(f"policy: fel: ingen byggd handbok i {site}; kör make html först.", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"policy: fel: Chromium saknas ({CHROMIUM}); installera Debian-paketet chromium-headless-shell "
              "eller chromium.", file=sys.stderr)
        return 2
    for path in make(site, out):
        print(f"Skrev {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
