#!/usr/bin/env python3
"""Åtta uppgifter för vården, från startsidan i Chromium på 375×812 utan vald region: hur många
tryck de kräver och om svaret syns utan att man rullar. Ett skript som skriver siffror, inget test.

Kör:  .venv/bin/python benchmarks/tasks.py [BYGGD_WEBBPLATS] [--flows efter|fore]
Utan webbplats byggs handboken först till _build/html. `--flows fore` går samma uppgifter i
handbokens struktur före telefonarbetet i issue 17 (commit e73aada; bygg den i en egen utcheckning),
för jämförelsen före och efter.

Ett tryck är ett klick, ett val i en lista eller att fylla i ett fält. Svaret räknas som synligt
utan att rulla om dess överkant ligger inom de första 812 pixlarna där sidan hamnar efter sista
trycket (skriptet rullar aldrig själv).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser import launch, serve  # noqa: E402

VIEWPORT = {"width": 375, "height": 812}

# Each step: ("click", selector), ("fill", selector, value), ("select", selector, value), ("press",
# selector, key) or ("back",); the last item is the selector of the answer.
CARD = ".sd-card:has-text('{}')"
COMMON = {
    "Be Försäkringskassan om ett möte i min region (Värmland)": [
        ("click", CARD.format("Får jag be om ett möte?")), ("select", ".region-select >> nth=0", "varmland"),
        "div.region-panel.region-varmland >> nth=0"],
    "Arvodet för 75 minuter och Värmlands fakturaunderlag": [
        ("click", CARD.format("Hur mycket betalas?")), ("fill", "#minutes", "75"), ("select", "#fee-region", "varmland"),
        ("click", "[data-guide=arvode] .guide-next"), ".guide-outcome"],
    "Omfattar samtycket arbetsgivaren?": [
        ("click", CARD.format("Vad ska samtycket omfatta?")), "article :is(p, li):has-text('arbetsgivare'):visible >> nth=0"],
    "Skriv ut Värmlands checklista för läkare": [
        ("click", CARD.format("Checklista att skriva ut")), ("select", "#cl-region", "varmland"),
        ("click", "[data-guide=checklista] .guide-next"), ("click", ".guide-print"),
        "#checklista-varmland-avstamningsmote-lakare"],
    "Välj min region och se den på tre sidor": [
        ("select", ".region-select >> nth=0", "varmland"), ("click", CARD.format("Får jag be om ett möte?")), ("back",),
        ("click", CARD.format("Vad ska samtycket omfatta?")), ("back",), ("click", CARD.format("Vilken kod och bokningstyp?")),
        "div.region-panel.region-varmland:visible >> nth=0"],
}
MEETING = "Mötesform för sjukdag 40 med arbetsgivaren, utan samordning från FK"
SEARCH = "Hitta XS013 med sökningen"
DATES = "Vilken dag sidorna visar och vad som kommer"
FLOWS = {
    "efter": {
        **COMMON,
        MEETING: [
            ("click", CARD.format("Vilken mötesform passar?")), ("click", "label[for=sick-ja]"), ("fill", "#day", "40"),
            ("click", "label[for=fk-nej]"), ("click", "label[for=social-nej]"), ("click", "label[for=actor-arbetsgivare]"),
            # The answer in sight, or, while it is below the screen, the bar that names it (guide.js).
            ".guide-jump:not([hidden]), .guide-result .guide-outcome"],
        SEARCH: [
            ("click", ".mobile-header .header-search"), ("fill", "#search-q", "XS013"), ("press", "#search-q", "Enter"),
            ("click", "ul.search li > a >> nth=0"), "article .highlighted:visible >> nth=0"],
        DATES: ["article p:has-text('Nästa kända ändring') >> nth=0"],
    },
    # As the handbook stood before the phone work of issue 17 (commit e73aada): the meeting-form
    # questions one at a time, search only in the menu, and the next change only in the footer.
    "fore": {
        **COMMON,
        MEETING: [
            ("click", CARD.format("Vilken mötesform passar?")), ("click", "#sick-ja"), ("click", "[data-step=sick] .guide-next"),
            ("fill", "#day", "40"), ("click", "[data-step=day] .guide-next"), ("click", "#actor-arbetsgivare"),
            ("click", "[data-step=actors] .guide-next"), ("click", "#fk-nej"), ("click", "[data-step=fk] .guide-next"),
            ("click", "#social-nej"), ("click", "[data-step=social] .guide-next"), ".guide-outcome"],
        SEARCH: [
            ("click", ".mobile-header .header-left label"), ("fill", ".sidebar-search", "XS013"), ("press", ".sidebar-search", "Enter"),
            ("click", "ul.search li > a >> nth=0"), "article :is(p, li):has-text('XS013'):visible >> nth=0"],
        DATES: [".edition"],
    },
}


def run(site: Path, flows: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    results = []
    with sync_playwright() as p:
        browser = launch(p)
        for task, steps in FLOWS[flows].items():
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.goto(f"{base}/handbook/index.html")
            taps = 0
            for step in steps[:-1]:
                taps += 1
                if step[0] == "back":
                    page.go_back()
                elif step[0] == "click":
                    if step[1] == ".guide-print":  # the print dialog would block the run
                        page.evaluate("window.print = () => {}")
                    page.click(step[1])
                elif step[0] == "fill":
                    page.fill(step[1], step[2])
                elif step[0] == "press":
                    page.press(step[1], step[2])
                else:
                    page.select_option(step[1], step[2])
                page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # a guide's answer, a fetched checklist, the landing on a search hit
            # The answer may not be on the page the task ends on at all: that is a result, not an error.
            # Shown, not only there: a guide's answer is in the page, hidden, until it is worked out,
            # which under load takes longer than the pause above.
            with contextlib.suppress(Exception):
                page.locator(steps[-1]).first.wait_for(state="visible", timeout=5000)
            # Where the task's answer has more than one form (the answer, or the bar that names it),
            # any one in sight will do; else the top of the first shown.
            found = page.locator(steps[-1])
            boxes = [b for b in (found.nth(i).bounding_box(timeout=2000) for i in range(found.count())) if b]
            in_sight = [b for b in boxes if 0 <= b["y"] < VIEWPORT["height"]]
            box = (in_sight or boxes or [None])[0]
            visible = bool(in_sight)
            results.append({"uppgift": task, "tryck": taps, "svaret_syns_utan_rullning": visible,
                            "svarets_överkant_px": round(box["y"]) if box else None})
            context.close()
        browser.close()
    server.shutdown()
    return results


def guide_sizes(site: Path) -> dict[str, int]:
    """Per guided page: its answers (the JSON block) and guide.js, gzipped, in bytes (target <= 40 KB)."""
    import gzip
    import re

    script = gzip.compress((site / "_static" / "guide.js").read_bytes())
    sizes = {}
    for page in sorted((site / "handbook" / "svar").glob("*.html")):
        data = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
        sizes[page.stem] = len(gzip.compress(data.group(1).encode("utf-8"))) + len(script) if data else 0
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path)
    ap.add_argument("--flows", choices=sorted(FLOWS), default="efter")
    args = ap.parse_args(argv)
    site = args.site
    if site is None:
        subprocess.run(["make", "html"], cwd=ROOT, check=True)
        site = ROOT / "_build" / "html"
    results = run(site, args.flows)
    for r in results:
        shown = ("ja" if r["svaret_syns_utan_rullning"] else f"nej (överkant {r['svarets_överkant_px']} px)"
                 if r["svarets_överkant_px"] is not None else "nej (svaret syns inte på sidan)")
        print(f"{r['uppgift']}: {r['tryck']} tryck, svaret syns utan rullning: {shown}")
    if args.flows == "efter":
        for name, size in guide_sizes(site).items():
            print(f"Frågeguiden {name}: svarsdata och skript {size / 1024:.1f} KB gzip (mål högst 40 KB)")
    out = ROOT / "_build" / f"uppgifter-{args.flows}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
