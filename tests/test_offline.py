"""The handbook offline (Chromium): after one visit, a page never opened before opens with the server
gone, and a new edition is a new service worker that replaces the kept copy."""
from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

from browser import serve
from sitebuild import EPOCH
from policy.sphinxext.offline import kept_files, worker_text

PHONE = {"width": 375, "height": 812}


def test_after_the_first_visit_an_unvisited_page_opens_with_no_connection(site, browser):
    server, base = serve(site)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/handbook/index.html")
    # Installed: every file of the edition is kept, and the worker controls the page.
    page.evaluate("() => navigator.serviceWorker.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    server.shutdown()
    server.server_close()
    context.set_offline(True)
    for path, heading in [("handbook/reference/koder.html", "Koder"),
                          ("handbook/svar/motesform.html?sjuk=ja&dag=40&fk=nej&soc=nej", "mötesform")]:
        page.goto(f"{base}/{path}")
        assert heading in page.inner_text("h1"), path
    # The guide still works from the kept copy, and the page says it is the copy.
    assert page.text_content(".guide-outcome")
    assert "Ingen uppkoppling" in page.inner_text(".offline-note")
    assert errors == []
    context.close()


def test_a_new_edition_is_a_new_worker_and_the_builds_internals_are_not_kept(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".doctrees"))
    files = kept_files(copy)
    assert "handbook/index.html" in files and "searchindex.js" in files and "_static/page.js" in files
    assert not [f for f in files if f.startswith(("_sources/", ".doctrees/")) or f.endswith((".inv", ".buildinfo"))]
    before = worker_text(copy)
    page = copy / "handbook" / "reference" / "koder.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " </h1>", 1), encoding="utf-8")
    after = worker_text(copy)
    assert before.split("\n")[1] != after.split("\n")[1]  # const EDITION = …
    assert before.split("\n")[2:] == after.split("\n")[2:]  # the same files


def test_a_nightly_build_that_only_shows_a_new_day_keeps_the_readers_copy(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".doctrees"))
    built = datetime.fromtimestamp(int(EPOCH), UTC).date()  # the fixture build's day (SOURCE_DATE_EPOCH)
    day, next_day = built.isoformat(), (built + timedelta(days=1)).isoformat()
    before = worker_text(copy, (day,))
    for name in kept_files(copy):  # as the next night's build writes them: every file that says the day
        page = copy / name
        page.write_bytes(page.read_bytes().replace(day.encode(), next_day.encode()))
    assert worker_text(copy, (next_day,)).split("\n")[1] == before.split("\n")[1]
