"""The handbook offline: a service worker at the site's root (sw.js) that keeps every page and file
of the edition after the first visit (handbook/_static/page.js registers it).

The worker's text carries the edition (a hash of every kept file's path and bytes, the day the build
shows left out), so a published edition with any change is a new worker, which the browser installs in place of the old copy. It is
written after every other file, the root page and the sitemap included. The files `make site`
leaves out (the build's internals) are not in the list: one missing file would fail the install.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

WORKER = "sw.js"
# The build's internals and what no page loads.
SKIP_DIRS = {".doctrees", "_sources", "_downloads"}
SKIP_NAMES = {".buildinfo", ".buildinfo.bak", "objects.inv", "sitemap.xml", WORKER}
KEEP_SUFFIXES = {".html", ".css", ".js", ".svg", ".png", ".jpg", ".woff", ".woff2", ".json", ".ico"}


def kept_files(outdir: Path) -> list[str]:
    files = []
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir)
        if (path.is_file() and path.suffix in KEEP_SUFFIXES and path.name not in SKIP_NAMES
                and not SKIP_DIRS & set(rel.parts[:-1])):
            files.append(rel.as_posix())
    return files


def worker_text(outdir: Path, volatile: tuple[str, ...] = ()) -> str:
    """`volatile`: text that changes with every build without the pages changing (the day shown,
    the next build's dates): left out of the edition, so a nightly build with nothing new keeps the
    readers' copy instead of sending them the whole site again."""
    files = kept_files(outdir)
    digest = hashlib.sha256()
    for rel in files:
        data = (outdir / rel).read_bytes()
        for text in volatile:
            data = data.replace(text.encode("utf-8"), b"")
        digest.update(rel.encode() + b"\0" + data + b"\0")
    head = ('"use strict";\n'
            f"const EDITION = {json.dumps(digest.hexdigest()[:16])};\n"
            f"const FILES = {json.dumps(files, ensure_ascii=False, indent=0)};\n")
    return head + Path(__file__).with_name(WORKER).read_text(encoding="utf-8")


def write_worker(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    from . import build_date

    (outdir / WORKER).write_text(worker_text(outdir, (str(build_date(app.env)),)), encoding="utf-8")


def setup(app) -> None:
    app.connect("build-finished", write_worker, priority=900)
